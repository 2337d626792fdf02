package io.cleanport.core.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The files of an ISO 9660 image (a CD or DVD image, the {@code .iso} and many {@code .img} attachments),
 * from the image's bytes in memory. ISO 9660 stores files uncompressed and whole, so each file's bytes are
 * a range of the image, which the {@link ArchiveExplorer} reads as the member's content.
 *
 * <p>Bytes read: the volume descriptors from sector 16 (2,048 bytes each, {@code CD001} at byte 1) up to
 * the terminator (type 255), at most {@link #MAX_DESCRIPTORS}: the primary one (type 1) for the logical
 * block size (byte 128) and root directory record (byte 156), and a Joliet supplementary one (type 2 with
 * the escape sequence {@code %/@}, {@code %/C} or {@code %/E} at byte 88), whose directory tree is
 * preferred for its UTF-16 names. Then the directory records of each directory, breadth first: length,
 * extent, data length, flags (0x02 folder, 0x80 continued in the next record), interleave, name length and
 * name ({@code ;1} version cut off), and without Joliet the Rock Ridge {@code NM} entries of the system use
 * area, which hold the POSIX name. A record never crosses a sector: a zero length moves to the next one.
 *
 * <p>Bounds: {@link #MAX_RECORDS} records, {@link #MAX_DIRECTORIES} folders, {@link #MAX_DEPTH} levels;
 * each folder's extent is walked once, so a directory that points at itself or an ancestor ends there (a
 * {@link #problem()}). A record, a folder or a file beyond the bytes at hand is a problem or an unreadable
 * file. Nothing is thrown.
 */
final class IsoDirectory {
    static final int MAX_DESCRIPTORS = 32;
    static final int MAX_RECORDS = 200_000;
    static final int MAX_DIRECTORIES = 10_000;
    static final int MAX_DEPTH = 32;
    private static final int SECTOR_BYTES = 2048;
    private static final int FIRST_DESCRIPTOR_SECTOR = 16;
    private static final int MIN_RECORD_BYTES = 34;
    private static final byte[] MAGIC = {'C', 'D', '0', '0', '1'};

    /**
     * One file or folder.
     *
     * @param path      its path from the root, folders separated by {@code /}
     * @param offset    where its bytes start in the image
     * @param size      its declared size
     * @param directory whether it is a folder
     * @param readable  whether its bytes lie whole, in one piece, in the bytes at hand
     */
    record File(String path, long offset, long size, boolean directory, boolean readable) {
    }

    private record Folder(long extent, long size, String path, int depth) {
    }

    private final byte[] image;
    private final int length;
    private final ArrayDeque<Folder> folders = new ArrayDeque<>();
    private final Set<Long> walked = new HashSet<>();
    private int blockSize;
    private boolean joliet;
    private boolean started;
    private boolean done;
    private String problem;
    private int records;
    /** The folder being read: its records from {@code position} to {@code end}, sectors counted from {@code start}. */
    private long start;
    private long position;
    private long end;
    private Folder current;
    /** A file in several extents: its parts so far. */
    private String continuedName;
    private long continuedSize;

    IsoDirectory(byte[] image, int length) {
        this.image = image;
        this.length = Math.min(length, image.length);
    }

    /** The next file or folder; null at the end of the tree or where a problem stops the walk. */
    File next() {
        if (!started) {
            started = true;
            if (!descriptors()) {
                return null;
            }
        }
        while (!done) {
            if (position >= end && !nextFolder()) {
                return finish(null);
            }
            if (position >= end) {
                continue;
            }
            if (++records > MAX_RECORDS) {
                return finish("more than " + MAX_RECORDS + " directory records");
            }
            int at = (int) position;
            int recordLength = image[at] & 0xff;
            if (recordLength == 0) {
                position = start + ((position - start) / SECTOR_BYTES + 1) * SECTOR_BYTES; // records never cross a sector
                continue;
            }
            if (recordLength < MIN_RECORD_BYTES || position + recordLength > end || 33 + (image[at + 32] & 0xff) > recordLength) {
                return finish("a broken directory record in '" + current.path + "' at byte " + position);
            }
            int nameLength = image[at + 32] & 0xff;
            position += recordLength;
            if (nameLength == 1 && (image[at + 33] == 0 || image[at + 33] == 1)) {
                continue; // the folder itself and its parent
            }
            File file = record(at, recordLength, nameLength);
            if (file != null) {
                return file;
            }
        }
        return null;
    }

    /** What was wrong with the image, if anything: the walk stopped there, or skipped a loop or a bad folder. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private File record(int at, int recordLength, int nameLength) {
        long extent = u32(at + 2);
        long size = u32(at + 10);
        int flags = image[at + 25] & 0xff;
        boolean interleaved = image[at + 26] != 0;
        String name = name(at, recordLength, nameLength, (flags & 0x02) != 0);
        String path = current.path + name;
        if ((flags & 0x80) != 0) {
            // a file larger than 4 GiB, or written in pieces: the records that follow continue it
            if (continuedName == null) {
                continuedName = path;
            }
            continuedSize += size;
            return null;
        }
        if (continuedName != null) {
            File whole = new File(continuedName, 0, continuedSize + size, false, false);
            continuedName = null;
            continuedSize = 0;
            return whole;
        }
        if ((flags & 0x02) == 0) {
            long offset = extent * blockSize;
            boolean readable = !interleaved && offset + size <= length;
            return new File(path, offset, size, false, readable);
        }
        if (current.depth + 1 > MAX_DEPTH) {
            note("folders nested deeper than " + MAX_DEPTH + " levels at '" + path + "'");
        } else if (!walked.add(extent)) {
            note("a directory loop: '" + path + "' points at a folder already walked (sector " + extent + ")");
        } else if (walked.size() > MAX_DIRECTORIES) {
            return finish("more than " + MAX_DIRECTORIES + " folders");
        } else {
            folders.add(new Folder(extent, size, path + "/", current.depth + 1));
        }
        return new File(path, extent * blockSize, 0, true, false);
    }

    private String name(int at, int recordLength, int nameLength, boolean directory) {
        String name;
        if (joliet) {
            name = new String(image, at + 33, nameLength & ~1, StandardCharsets.UTF_16BE);
        } else {
            String rockRidge = rockRidgeName(at, recordLength, nameLength);
            if (rockRidge != null) {
                return rockRidge;
            }
            name = new String(image, at + 33, nameLength, StandardCharsets.ISO_8859_1);
        }
        int version = name.lastIndexOf(';');
        if (version > 0) {
            name = name.substring(0, version);
        }
        if (!directory && name.endsWith(".") && name.length() > 1) {
            name = name.substring(0, name.length() - 1); // a file without extension keeps the separator
        }
        return name;
    }

    /** The POSIX name in Rock Ridge {@code NM} entries, joined across continuations; null when there is none. */
    private String rockRidgeName(int at, int recordLength, int nameLength) {
        int entry = at + 33 + nameLength + (nameLength % 2 == 0 ? 1 : 0);
        int end = at + recordLength;
        StringBuilder name = null;
        while (entry + 4 <= end) {
            int entryLength = image[entry + 2] & 0xff;
            if (entryLength < 4 || entry + entryLength > end) {
                break;
            }
            if (image[entry] == 'N' && image[entry + 1] == 'M' && entryLength >= 5) {
                int nameFlags = image[entry + 4] & 0xff;
                if ((nameFlags & 0x06) == 0) { // not "." or ".."
                    if (name == null) {
                        name = new StringBuilder();
                    }
                    name.append(new String(image, entry + 5, entryLength - 5, StandardCharsets.UTF_8));
                }
            }
            entry += entryLength;
        }
        return name == null || name.length() == 0 ? null : name.toString();
    }

    private boolean descriptors() {
        int primary = -1;
        int supplementary = -1;
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            long offset = (long) (FIRST_DESCRIPTOR_SECTOR + i) * SECTOR_BYTES;
            if (offset + SECTOR_BYTES > length || !magicAt((int) offset + 1)) {
                break;
            }
            int at = (int) offset;
            int type = image[at] & 0xff;
            if (type == 255) {
                break;
            }
            if (type == 1 && primary < 0) {
                primary = at;
            } else if (type == 2 && supplementary < 0 && image[at + 88] == '%' && image[at + 89] == '/'
                && (image[at + 90] == '@' || image[at + 90] == 'C' || image[at + 90] == 'E')) {
                supplementary = at;
            }
        }
        if (primary < 0) {
            finish("no primary volume descriptor");
            return false;
        }
        blockSize = (image[primary + 128] & 0xff) | (image[primary + 129] & 0xff) << 8;
        if (blockSize != 512 && blockSize != 1024 && blockSize != 2048) {
            finish("a logical block size of " + blockSize + " bytes");
            return false;
        }
        joliet = supplementary >= 0;
        int root = (joliet ? supplementary : primary) + 156;
        long extent = u32(root + 2);
        walked.add(extent);
        folders.add(new Folder(extent, u32(root + 10), "", 0));
        return true;
    }

    private boolean nextFolder() {
        Folder folder = folders.poll();
        if (folder == null) {
            return false;
        }
        current = folder;
        start = folder.extent * blockSize;
        position = start;
        end = start + folder.size;
        if (end > length) {
            note("folder '" + folder.path + "' lies beyond the image's " + length + " bytes");
            end = Math.max(start, length);
            position = Math.min(start, end);
        }
        return true;
    }

    private boolean magicAt(int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (image[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private void note(String why) {
        if (problem == null) {
            problem = why;
        }
    }

    private File finish(String why) {
        done = true;
        if (why != null) {
            note(why);
        }
        return null;
    }

    /** The little-endian half of a both-endian 32-bit field. */
    private long u32(int at) {
        return (image[at] & 0xffL) | (image[at + 1] & 0xffL) << 8 | (image[at + 2] & 0xffL) << 16
            | (image[at + 3] & 0xffL) << 24;
    }
}
