package io.cleanport.core.scan;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of an archive read header by header, for the parsers of the formats no library reads
 * ({@link RarHeaders}, {@link AceHeaders}): exact reads into a caller's buffer, exact skips of entry data,
 * and the current entry's data as a bounded stream. Ends are answers ({@code false}), not exceptions; only
 * a failure of the stream itself throws.
 */
final class HeaderStream {
    private final InputStream in;
    private final byte[] skipped = new byte[8192];
    private long position;
    /** Bytes of the current entry's data not yet read or skipped. */
    private long dataLeft;

    HeaderStream(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far, for the problems the parsers report. */
    long position() {
        return position;
    }

    /** Reads exactly {@code length} bytes into {@code buffer} at {@code offset}; {@code false} when the stream ends first. */
    boolean readFully(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = in.read(buffer, offset + done, length - done);
            if (read < 0) {
                position += done;
                return false;
            }
            done += read;
        }
        position += done;
        return true;
    }

    /** One byte, or -1 at the end. */
    int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    /** Marks the next {@code length} bytes as the current entry's data, to be read through {@link #data} or skipped. */
    void startData(long length) {
        dataLeft = length;
    }

    /** Skips what is left of the current entry's data; {@code false} when the stream ends first. */
    boolean skipData() throws IOException {
        long left = dataLeft;
        dataLeft = 0;
        return skip(left);
    }

    /**
     * The current entry's data, ending where its declared length does; reading it consumes it. An archive
     * that ends first is an {@link EOFException}: the entry is truncated, not shorter. Not closed by its
     * readers' close: the stream belongs to the archive.
     */
    InputStream data() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (dataLeft <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw truncated();
                }
                dataLeft--;
                position++;
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (dataLeft <= 0) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                int read = in.read(bytes, offset, (int) Math.min(length, dataLeft));
                if (read < 0) {
                    throw truncated();
                }
                dataLeft -= read;
                position += read;
                return read;
            }
        };
    }

    private EOFException truncated() {
        return new EOFException("the archive ends " + dataLeft + " bytes before the end of the entry");
    }

    /** Skips by reading, so that a counting stream underneath sees every byte; {@code false} at an early end. */
    private boolean skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            int read = in.read(skipped, 0, (int) Math.min(skipped.length, left));
            if (read < 0) {
                return false;
            }
            left -= read;
            position += read;
        }
        return true;
    }
}
