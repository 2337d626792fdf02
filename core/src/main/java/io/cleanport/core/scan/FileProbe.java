package io.cleanport.core.scan;

/**
 * Detects the type of one file as its bytes stream by: the first {@link FileTypeDetector#HEAD_BYTES}
 * decide the type, and for the formats that keep what matters further on, the rest is read as it passes
 * (the directory of an OLE2 file, the header at the end of a 7z archive, the footer at the end of a fixed
 * VHD disk image). Counts the bytes. Nothing but the head and, for 7z, a window of the tail (for a file
 * that starts like a disk, its last 512 bytes) is kept.
 */
final class FileProbe {
    private static final int TAIL_BYTES = 64 * 1024;

    private final FileTypeDetector detector;
    private final String name;
    private final byte[] head;
    private int headLength;
    private long size;
    private FileType headType;
    private Ole2Directory ole2;
    private TailWindow tail;
    /** The last bytes of a file that starts like a disk (a boot sector), where a fixed VHD keeps its footer. */
    private TailWindow diskFooter;

    /**
     * @param name       the declared name, for scripts; may be null
     * @param headBuffer where to keep the head, {@link FileTypeDetector#HEAD_BYTES} long; reused by the
     *                   caller once this probe is done
     */
    FileProbe(FileTypeDetector detector, String name, byte[] headBuffer) {
        this.detector = detector;
        this.name = name;
        this.head = headBuffer;
    }

    void write(byte[] bytes, int offset, int length) {
        int position = offset;
        int left = length;
        size += length;
        if (headType == null) {
            int take = Math.min(left, FileTypeDetector.HEAD_BYTES - headLength);
            System.arraycopy(bytes, position, head, headLength, take);
            headLength += take;
            position += take;
            left -= take;
            if (headLength < FileTypeDetector.HEAD_BYTES) {
                return;
            }
            decideHead();
        }
        if (left > 0) {
            if (ole2 != null) {
                ole2.write(bytes, position, left);
            }
            if (tail != null) {
                tail.write(bytes, position, left);
            }
            if (diskFooter != null) {
                diskFooter.write(bytes, position, left);
            }
        }
    }

    /** Whether the head is complete, so {@link #headType()} no longer changes. */
    boolean headComplete() {
        return headType != null;
    }

    /** The type the head shows; decided now if the file ended before a full head. */
    FileType headType() {
        if (headType == null) {
            decideHead();
        }
        return headType;
    }

    byte[] head() {
        return head;
    }

    int headLength() {
        return headLength;
    }

    /** The bytes written. */
    long size() {
        return size;
    }

    /** The type, once every byte of the file was written. */
    FileType type() {
        FileType type = headType();
        if (ole2 != null) {
            type = ole2.refine(type);
        }
        if (tail != null && ArchiveHeaders.sevenZipEncrypted(head, headLength, tail, size)) {
            type = FileTypeDetector.encryptedArchive(type);
        }
        if ((diskFooter != null || size <= headLength) && ArchiveHeaders.hasBootSignature(head, headLength)
            && ArchiveHeaders.hasVhdFooter(head, headLength, diskFooter, size)) {
            type = FileType.of("application/x-vhd", FileFamily.ARCHIVE);
        }
        return type;
    }

    private void decideHead() {
        headType = detector.detect(head, headLength, name);
        if (detector.isOle2(headType)) {
            ole2 = new Ole2Directory();
            ole2.write(head, 0, headLength);
        } else if (ArchiveHeaders.isSevenZip(head, headLength) && !headType.encrypted()) {
            tail = new TailWindow(TAIL_BYTES, headLength);
        } else if (ArchiveHeaders.hasBootSignature(head, headLength)) {
            diskFooter = new TailWindow(ArchiveHeaders.VHD_FOOTER_BYTES, headLength);
        }
    }
}
