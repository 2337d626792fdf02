package io.cleanport.core.scan;

/** The last bytes of a stream, kept as it goes by: where a 7z archive keeps its header. */
final class TailWindow {
    private final byte[] ring;
    private final long first;
    private long total;

    /**
     * @param capacity how many of the last bytes are kept
     * @param offset   the position in the stream of the first byte written here
     */
    TailWindow(int capacity, long offset) {
        this.ring = new byte[capacity];
        this.first = offset;
        this.total = offset;
    }

    void write(byte[] bytes, int offset, int length) {
        int start = offset;
        int count = length;
        if (count > ring.length) {
            start += count - ring.length;
            total += count - ring.length;
            count = ring.length;
        }
        int position = (int) (total % ring.length);
        int first = Math.min(count, ring.length - position);
        System.arraycopy(bytes, start, ring, position, first);
        System.arraycopy(bytes, start + first, ring, 0, count - first);
        total += count;
    }

    /** The byte at {@code position} from the start of the stream, or -1 when it is no longer (or not yet) kept. */
    int byteAt(long position) {
        if (position < first || position >= total || position < total - ring.length) {
            return -1;
        }
        return ring[(int) (position % ring.length)] & 0xff;
    }
}
