package io.cleanport.core.scan;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a FAT12, FAT16 or FAT32 disk image without a partition table (a floppy or "superfloppy"
 * image, the {@code .img} or {@code .ima} attachment), from the image's bytes in memory. FAT stores files
 * uncompressed, in clusters chained by the file allocation table, so each file's content can be read.
 *
 * <p>Bytes read: the boot sector's BIOS parameter block (bytes per sector at 11, sectors per cluster at 13,
 * reserved sectors at 14, FAT count at 16, root entries at 17, total sectors at 19 or 32, media at 21, FAT
 * size at 22 or 36, FAT32's root cluster at 44) and its 0x55AA signature; then 32-byte directory entries
 * (8.3 name, attributes: 0x10 folder, 0x08 volume label, 0x0F a long-name part; first cluster at 20 and 26;
 * size at 28), with the UTF-16 long name parts before an entry used when their checksum matches it; and the
 * FAT's 12-, 16- or 28-bit entries to follow cluster chains.
 *
 * <p>Bounds: {@link #MAX_ENTRIES} directory entries, {@link #MAX_DIRECTORIES} folders, {@link #MAX_DEPTH}
 * levels; a folder's first cluster is walked once, and a chain ends after as many clusters as the image
 * has, so a loop in the FAT or a folder pointing at an ancestor ends there (a {@link #problem()}). Nothing
 * is thrown.
 */
final class FatDirectory {
    static final int MAX_ENTRIES = 200_000;
    static final int MAX_DIRECTORIES = 10_000;
    static final int MAX_DEPTH = 32;
    private static final int ENTRY_BYTES = 32;
    private static final int ATTRIBUTE_LONG_NAME = 0x0F;
    private static final int ATTRIBUTE_VOLUME = 0x08;
    private static final int ATTRIBUTE_DIRECTORY = 0x10;

    /**
     * One file or folder.
     *
     * @param path         its path from the root, folders separated by {@code /}
     * @param size         its declared size
     * @param directory    whether it is a folder
     * @param firstCluster where its content starts; below 2 when it has none
     */
    record File(String path, long size, boolean directory, long firstCluster) {
    }

    private record Folder(long firstCluster, String path, int depth) {
    }

    private final byte[] image;
    private final int length;
    private final ArrayDeque<Folder> folders = new ArrayDeque<>();
    private final Set<Long> walked = new HashSet<>();
    private final char[] longName = new char[20 * 13];
    private int bytesPerSector;
    private int clusterBytes;
    private long fatOffset;
    private long dataOffset;
    private long clusters;
    private int fatBits;
    private boolean started;
    private boolean done;
    private String problem;
    private int entries;
    /** The folder being read: its bytes are {@code [position, regionEnd)}, then the next cluster of its chain. */
    private Folder current;
    private long position;
    private long regionEnd;
    private long cluster;
    private long chainSteps;
    private int longNameChecksum = -1;
    private int longNameParts;

    FatDirectory(byte[] image, int length) {
        this.image = image;
        this.length = Math.min(length, image.length);
    }

    /** Whether {@code head} starts with a FAT boot sector: a jump, a plausible BIOS parameter block, 0x55AA. */
    static boolean isBootSector(byte[] head, int length) {
        if (length < 512 || (head[510] & 0xff) != 0x55 || (head[511] & 0xff) != 0xAA) {
            return false;
        }
        boolean jump = ((head[0] & 0xff) == 0xEB && (head[2] & 0xff) == 0x90) || (head[0] & 0xff) == 0xE9;
        int bytesPerSector = u16(head, 11);
        int sectorsPerCluster = head[13] & 0xff;
        int reserved = u16(head, 14);
        int fats = head[16] & 0xff;
        int media = head[21] & 0xff;
        long totalSectors = u16(head, 19) != 0 ? u16(head, 19) : u32(head, 32);
        long fatSectors = u16(head, 22) != 0 ? u16(head, 22) : u32(head, 36);
        return jump && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048 || bytesPerSector == 4096)
            && sectorsPerCluster > 0 && Integer.bitCount(sectorsPerCluster) == 1 && reserved >= 1 && fats >= 1 && fats <= 4
            && (media == 0xF0 || media >= 0xF8) && totalSectors > 0 && fatSectors > 0;
    }

    /** The next file or folder; null at the end of the tree or where a problem stops the walk. */
    File next() {
        if (!started) {
            started = true;
            if (!bootSector()) {
                return null;
            }
        }
        while (!done) {
            if (position + ENTRY_BYTES > regionEnd) {
                nextRegion();
                continue;
            }
            if (++entries > MAX_ENTRIES) {
                return finish("more than " + MAX_ENTRIES + " directory entries");
            }
            int at = (int) position;
            position += ENTRY_BYTES;
            int first = image[at] & 0xff;
            int attributes = image[at + 11] & 0xff;
            if (first == 0x00) {
                endFolder(); // the rest of the folder is unused
                continue;
            }
            if (first == 0xE5) {
                longNameParts = 0; // deleted
                continue;
            }
            if (attributes == ATTRIBUTE_LONG_NAME) {
                longNamePart(at);
                continue;
            }
            if ((attributes & ATTRIBUTE_VOLUME) != 0 || first == '.') {
                longNameParts = 0;
                continue;
            }
            File file = entry(at, attributes);
            if (file != null) {
                return file;
            }
        }
        return null;
    }

    /**
     * The content of a file: its cluster chain, read up to its size; at most as many clusters as the image
     * has, whatever the FAT says. A chain that ends (or loops) before the size is an {@link EOFException}.
     */
    InputStream content(File file) {
        return new InputStream() {
            private long link = file.firstCluster;
            private long left = file.firstCluster >= 2 ? file.size : 0;
            private long inCluster;
            private long offset;
            private long steps;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int at, int count) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                if (count == 0) {
                    return 0;
                }
                if (inCluster == 0) {
                    if (steps > 0) {
                        link = nextCluster(link);
                    }
                    if (++steps > clusters || !validCluster(link) || clusterOffset(link) + clusterBytes > length) {
                        left = 0;
                        throw new EOFException("its clusters end before its " + file.size + " bytes (a broken or looping chain)");
                    }
                    offset = clusterOffset(link);
                    inCluster = clusterBytes;
                }
                int take = (int) Math.min(Math.min(count, inCluster), left);
                System.arraycopy(image, (int) offset, bytes, at, take);
                offset += take;
                inCluster -= take;
                left -= take;
                return take;
            }
        };
    }

    /** What was wrong with the image, if anything: the walk stopped there, or skipped a loop or a bad chain. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private File entry(int at, int attributes) {
        String name = longNameParts > 0 && longNameChecksum == shortNameChecksum(at) ? longName() : shortName(at);
        longNameParts = 0;
        String path = current.path + name;
        long firstCluster = (fatBits == 32 ? (long) u16(image, at + 20) << 16 : 0) | u16(image, at + 26);
        if ((attributes & ATTRIBUTE_DIRECTORY) == 0) {
            return new File(path, u32(image, at + 28), false, firstCluster);
        }
        if (current.depth + 1 > MAX_DEPTH) {
            note("folders nested deeper than " + MAX_DEPTH + " levels at '" + path + "'");
        } else if (!validCluster(firstCluster) || !walked.add(firstCluster)) {
            note("folder '" + path + "' points at cluster " + firstCluster + ", not a new folder (a loop, or damage)");
        } else if (walked.size() > MAX_DIRECTORIES) {
            return finish("more than " + MAX_DIRECTORIES + " folders");
        } else {
            folders.add(new Folder(firstCluster, path + "/", current.depth + 1));
        }
        return new File(path, 0, true, firstCluster);
    }

    private void longNamePart(int at) {
        int order = image[at] & 0xff;
        int index = (order & 0x1F) - 1;
        if ((order & 0x40) != 0) {
            Arrays.fill(longName, '\0');
            longNameParts = 0;
            longNameChecksum = image[at + 13] & 0xff;
        }
        if (index < 0 || index >= 20) {
            longNameParts = 0;
            return;
        }
        int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
        for (int i = 0; i < offsets.length; i++) {
            longName[index * 13 + i] = (char) u16(image, at + offsets[i]);
        }
        longNameParts++;
    }

    private String longName() {
        int end = 0;
        while (end < longName.length && longName[end] != '\0' && longName[end] != '\uFFFF') {
            end++;
        }
        return new String(longName, 0, end);
    }

    private String shortName(int at) {
        int lowerCase = image[at + 12] & 0xff;
        String base = new String(image, at, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        if (!base.isEmpty() && base.charAt(0) == 0x05) {
            base = '\u00E5' + base.substring(1); // 0xE5 as a first byte is stored as 0x05
        }
        String extension = new String(image, at + 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((lowerCase & 0x08) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((lowerCase & 0x10) != 0) {
            extension = extension.toLowerCase(Locale.ROOT);
        }
        return extension.isEmpty() ? base : base + "." + extension;
    }

    private int shortNameChecksum(int at) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum = (((sum & 1) << 7) + (sum >> 1) + (image[at + i] & 0xff)) & 0xff;
        }
        return sum;
    }

    private boolean bootSector() {
        if (!isBootSector(image, length)) {
            finish("no FAT boot sector");
            return false;
        }
        bytesPerSector = u16(image, 11);
        int sectorsPerCluster = image[13] & 0xff;
        long reserved = u16(image, 14);
        int fats = image[16] & 0xff;
        int rootEntries = u16(image, 17);
        long totalSectors = u16(image, 19) != 0 ? u16(image, 19) : u32(image, 32);
        long fatSectors = u16(image, 22) != 0 ? u16(image, 22) : u32(image, 36);
        long rootSectors = ((long) rootEntries * ENTRY_BYTES + bytesPerSector - 1) / bytesPerSector;
        long firstDataSector = reserved + fats * fatSectors + rootSectors;
        if (firstDataSector >= totalSectors) {
            finish("a boot sector whose FATs and root folder fill the whole disk");
            return false;
        }
        clusterBytes = sectorsPerCluster * bytesPerSector;
        clusters = (totalSectors - firstDataSector) / sectorsPerCluster;
        fatBits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
        fatOffset = reserved * bytesPerSector;
        dataOffset = firstDataSector * bytesPerSector;
        current = new Folder(0, "", 0);
        if (fatBits == 32) {
            long root = u32(image, 44) & 0x0FFFFFFFL;
            walked.add(root);
            startChain(root);
        } else {
            position = (reserved + fats * fatSectors) * bytesPerSector;
            regionEnd = Math.min(position + (long) rootEntries * ENTRY_BYTES, length);
            cluster = -1;
        }
        return true;
    }

    /** Moves to the next cluster of the folder being read, else to the next folder, else to the end. */
    private void nextRegion() {
        if (cluster >= 2) {
            long next = nextCluster(cluster);
            if (validCluster(next) && ++chainSteps <= clusters) {
                setCluster(next);
                return;
            }
            if (next >= 2 && !endOfChain(next)) {
                note("the clusters of folder '" + current.path + "' end in damage or a loop");
            }
        }
        Folder folder = folders.poll();
        if (folder == null) {
            finish(null);
            return;
        }
        current = folder;
        chainSteps = 0;
        startChain(folder.firstCluster);
    }

    private void startChain(long first) {
        longNameParts = 0;
        if (validCluster(first)) {
            setCluster(first);
        } else {
            note("folder '" + current.path + "' starts at cluster " + first + ", outside the disk");
            cluster = -1;
            position = regionEnd = 0;
        }
    }

    private void setCluster(long value) {
        cluster = value;
        position = clusterOffset(value);
        regionEnd = Math.min(position + clusterBytes, length);
        if (position >= length) {
            note("folder '" + current.path + "' lies beyond the image's " + length + " bytes");
            position = regionEnd = 0;
            cluster = -1;
        }
    }

    private void endFolder() {
        position = regionEnd;
        cluster = -1; // no further cluster: the end marker ends the folder
    }

    private long nextCluster(long link) {
        long entry;
        if (fatBits == 12) {
            long at = fatOffset + link + link / 2;
            if (at + 2 > length) {
                return -1;
            }
            int value = u16(image, (int) at);
            entry = (link & 1) != 0 ? value >> 4 : value & 0x0FFF;
            return entry >= 0xFF8 ? Long.MAX_VALUE : entry;
        }
        if (fatBits == 16) {
            long at = fatOffset + link * 2;
            if (at + 2 > length) {
                return -1;
            }
            entry = u16(image, (int) at);
            return entry >= 0xFFF8 ? Long.MAX_VALUE : entry;
        }
        long at = fatOffset + link * 4;
        if (at + 4 > length) {
            return -1;
        }
        entry = u32(image, (int) at) & 0x0FFFFFFFL;
        return entry >= 0x0FFFFFF8L ? Long.MAX_VALUE : entry;
    }

    private static boolean endOfChain(long next) {
        return next == Long.MAX_VALUE;
    }

    private boolean validCluster(long value) {
        return value >= 2 && value < clusters + 2;
    }

    private long clusterOffset(long value) {
        return dataOffset + (value - 2) * clusterBytes;
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

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] bytes, int at) {
        return u16(bytes, at) | (long) u16(bytes, at + 2) << 16;
    }
}
