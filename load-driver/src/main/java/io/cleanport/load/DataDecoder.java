package io.cleanport.load;

import java.util.Arrays;

/**
 * Incremental decoder for the SMTP DATA phase (RFC 5321 section 4.5.2).
 *
 * <p>Bytes are fed in arbitrary chunks; the decoder removes dot-stuffing and stops at the end-of-data
 * indication. It is strict about line endings: only CRLF ends a line, so the terminator is recognised
 * only as {@code <CRLF>.<CRLF>} (or {@code .<CRLF>} as the very first line). A bare LF or bare CR is
 * ordinary data, and a dot after a bare LF is neither unstuffed nor a terminator. The CRLF that precedes
 * the terminating dot is the end of the last line of the message and is kept, so a message that ends
 * with CRLF is reproduced byte for byte.
 *
 * <p>Once more than {@code maxSize} bytes have been decoded, further bytes are counted but no longer
 * stored and {@link #overflowed()} turns true; decoding still runs to the terminator so the session
 * stays in sync with the client.
 */
final class DataDecoder {

    private static final int BOL = 0;      // at the beginning of a line (start of data or after CRLF)
    private static final int DOT = 1;      // BOL then '.', the dot is held back
    private static final int DOT_CR = 2;   // BOL then ".\r", both held back
    private static final int MID = 3;      // inside a line, last byte was not CR
    private static final int CR = 4;       // inside a line, last byte was CR

    private final int maxSize;
    private byte[] out;
    private int size;          // bytes stored in out
    private long decoded;      // bytes decoded (stored or not)
    private int state = BOL;
    private boolean complete;

    DataDecoder(int maxSize) {
        this(maxSize, 16 * 1024);
    }

    DataDecoder(int maxSize, int initialCapacity) {
        this.maxSize = maxSize;
        this.out = new byte[Math.max(16, Math.min(initialCapacity, maxSize))];
    }

    /**
     * Feeds bytes. Returns how many bytes were consumed: all of them unless the end-of-data indication
     * was found, in which case the count ends right after its final LF and {@link #isComplete()} is true.
     * Must not be called again after completion without {@link #reset()}.
     */
    int feed(byte[] buf, int off, int len) {
        if (complete) {
            throw new IllegalStateException("data already complete");
        }
        final int end = off + len;
        int i = off;
        while (i < end) {
            switch (state) {
                case BOL: {
                    byte b = buf[i++];
                    if (b == '.') {
                        state = DOT;
                    } else {
                        put(b);
                        state = b == '\r' ? CR : MID;
                    }
                    break;
                }
                case DOT: {
                    byte b = buf[i++];
                    if (b == '\r') {
                        state = DOT_CR;
                    } else {
                        put(b); // leading dot removed
                        state = MID;
                    }
                    break;
                }
                case DOT_CR: {
                    byte b = buf[i++];
                    if (b == '\n') {
                        complete = true;
                        state = BOL;
                        return i - off;
                    }
                    put((byte) '\r'); // leading dot removed, the CR was data
                    put(b);
                    state = b == '\r' ? CR : MID;
                    break;
                }
                case MID: {
                    // bulk copy up to the next CR
                    int j = i;
                    while (j < end && buf[j] != '\r') {
                        j++;
                    }
                    put(buf, i, j - i);
                    if (j < end) {
                        put((byte) '\r');
                        state = CR;
                        j++;
                    }
                    i = j;
                    break;
                }
                case CR: {
                    byte b = buf[i++];
                    put(b);
                    state = b == '\n' ? BOL : (b == '\r' ? CR : MID);
                    break;
                }
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
        return len;
    }

    private void put(byte b) {
        decoded++;
        if (size >= maxSize) {
            return;
        }
        if (size == out.length) {
            grow(size + 1);
        }
        out[size++] = b;
    }

    private void put(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        decoded += len;
        int n = Math.min(len, maxSize - size);
        if (n <= 0) {
            return;
        }
        if (size + n > out.length) {
            grow(size + n);
        }
        System.arraycopy(b, off, out, size, n);
        size += n;
    }

    private void grow(int min) {
        int cap = (int) Math.min((long) maxSize, Math.max((long) out.length * 2, min));
        out = Arrays.copyOf(out, cap);
    }

    boolean isComplete() {
        return complete;
    }

    /** True when the message is larger than the maximum size; its bytes were then not all kept. */
    boolean overflowed() {
        return decoded > maxSize;
    }

    /** Number of decoded message bytes so far (counted even past the maximum size). */
    long decodedSize() {
        return decoded;
    }

    /** A copy of the decoded message. */
    byte[] toByteArray() {
        return Arrays.copyOf(out, size);
    }

    /** Prepares for the next message; shrinks a buffer that a big message grew. */
    void reset() {
        size = 0;
        decoded = 0;
        state = BOL;
        complete = false;
        if (out.length > 1024 * 1024) {
            out = new byte[16 * 1024];
        }
    }
}
