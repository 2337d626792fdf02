package io.cleanport.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the raw message as the walk reads it, so that the spam facts need no second read: keeps the bytes
 * of the message's own header (the walk hands only leaf parts' headers to inspectors) up to a bound, and
 * counts line ends over everything read, to tell CRLF mail with bare LFs from mail stored with LF line ends.
 */
final class HeaderTap extends FilterInputStream {
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final int maxHeaderBytes;
    private boolean headerDone;
    private boolean headerCut;
    private int lineLength; // bytes of the current header line, CR excluded
    private int previous = -1;
    private long crlf;
    private long bareLf;
    private long bareCr;

    HeaderTap(InputStream in, int maxHeaderBytes) {
        super(in);
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        for (int i = 0; i < read; i++) {
            see(buffer[offset + i] & 0xFF);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        // read rather than skip, so that every byte is seen
        byte[] skipped = new byte[(int) Math.min(8192, Math.max(0, n))];
        long left = n;
        while (left > 0) {
            int read = read(skipped, 0, (int) Math.min(skipped.length, left));
            if (read < 0) {
                break;
            }
            left -= read;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void see(int b) {
        if (b == '\n') {
            if (previous == '\r') {
                crlf++;
            } else {
                bareLf++;
            }
        } else if (previous == '\r') {
            bareCr++;
        }
        previous = b;
        if (headerDone) {
            return;
        }
        if (b == '\n') {
            if (lineLength == 0) {
                headerDone = true; // the blank line that ends the header
                return;
            }
            lineLength = 0;
        } else if (b != '\r') {
            lineLength++;
        }
        if (header.size() < maxHeaderBytes) {
            header.write(b);
        } else {
            headerCut = true;
        }
    }

    /** The header's bytes as read, the blank line that ends it excluded. */
    byte[] headerBytes() {
        return header.toByteArray();
    }

    /** Whether the header went past the bound and its end was not kept. */
    boolean headerCut() {
        return headerCut;
    }

    long crlfLines() {
        return crlf;
    }

    long bareLfLines() {
        return bareLf;
    }

    long bareCrs() {
        return bareCr;
    }
}
