package io.cleanport.core.scan;

/**
 * How the {@link ArchiveExplorer} reads a container, once {@link FileTypeDetector#archiveFormat} has told
 * which one it is. Each format says what it gives: members with their content (read, typed, fingerprinted,
 * opened in turn when they are archives), or only the names and sizes its headers declare.
 */
enum ArchiveFormat {
    /** Zip and the formats built on it (Office Open XML, Java and Android archives): content, streamed. */
    ZIP,
    /** POSIX and GNU tar: content, streamed. */
    TAR,
    /** Unix ar, and Debian packages, which are ar archives: content, streamed. */
    AR,
    /** ARJ: names of all entries, content of the stored ones (commons-compress cannot decompress ARJ). */
    ARJ,
    /** cpio, all four variants: content, streamed. */
    CPIO,
    /** 7z: content, from the archive held in memory (its header is at the end). */
    SEVEN_ZIP,
    /** RAR 4 and 5: names from the headers; content of stored (uncompressed, unencrypted) entries only. */
    RAR,
    /** ACE 1 and 2: names from the headers; content of stored (uncompressed, unencrypted) entries only. */
    ACE,
    /** ISO 9660 images (with Joliet or Rock Ridge names when present): content, from the image in memory. */
    ISO9660,
    /** FAT12, FAT16 and FAT32 disk images without a partition table (floppy images): content, in memory. */
    FAT,
    /** Single-file compression: one member, the file it holds (a compressed tar is listed as the tar). */
    GZIP, BZIP2, XZ, LZMA, COMPRESS, LZ4, SNAPPY
}
