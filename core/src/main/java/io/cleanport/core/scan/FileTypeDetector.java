package io.cleanport.core.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * The real type of a file from its first bytes, not from its name or declared type: an executable named
 * {@code invoice.pdf} is an {@link FileFamily#EXECUTABLE}.
 *
 * <p>Apache Tika's magic database (tika-core) gives the MIME type; this class then looks closer where
 * magic alone cannot tell what matters to mail security, still from the same first bytes: the PE header
 * of an MZ file, Windows shortcuts, the directory of an OLE2 file (Word, Excel, PowerPoint, Outlook,
 * Windows Installer, a VBA project, an encrypted Office package), the entries of a zip (Office Open XML,
 * Java and Android archives, encrypted entries), encrypted RAR, 7z and ARJ archives, and the archives and
 * disk images Tika's magic does not know (ACE, LZMA, VHDX, UDF, FAT boot sectors). Containers are told more
 * precisely by what they hold once it is known ({@link ArchiveExplorer}, and the scan of the whole
 * content for OLE2 files and 7z archives).
 *
 * <p>Scripts have no magic: a file with nothing more specific in its bytes (text, unknown data) whose
 * declared name ends in a script extension ({@code .js}, {@code .vbs}, {@code .ps1}, …, see
 * {@link FileFamily#SCRIPT}) is a script; the name never overrides a type the bytes show.
 *
 * <p>At most {@link #HEAD_BYTES} are read. Thread-safe; Tika's database is loaded once, on first use of
 * {@link #standard()}.
 */
public final class FileTypeDetector {
    /** How much of a file detection reads: Tika's own window, enough for ISO 9660 and XML roots. */
    public static final int HEAD_BYTES = 64 * 1024;

    private static final MediaType ZIP = MediaType.application("zip");
    private static final MediaType OLE2 = MediaType.application("x-tika-msoffice");
    private static final MediaType MZ = MediaType.application("x-msdownload");
    private static final MediaType PE = MediaType.parse("application/x-msdownload; format=pe");
    private static final MediaType TAR = MediaType.application("x-tar");
    private static final MediaType GZIP = MediaType.application("gzip");
    private static final MediaType BZIP2 = MediaType.application("x-bzip2");
    private static final String ACE_TYPE = "application/x-ace-compressed";
    private static final String LZMA_TYPE = "application/x-lzma";
    private static final String FAT_TYPE = "application/x-fat-diskimage";
    /** Tika has no type for these; the names follow its own x- types for disk images. */
    private static final String VHDX_TYPE = "application/x-vhdx";
    private static final String UDF_TYPE = "application/x-udf-image";
    /**
     * The formats {@link ArchiveExplorer} reads, by the type they are (or derive from), in the order they
     * are tried: a Debian package is an ar archive, a GNU tar a tar.
     */
    private static final List<Map.Entry<MediaType, ArchiveFormat>> ARCHIVE_FORMATS = List.of(
        Map.entry(ZIP, ArchiveFormat.ZIP),
        Map.entry(TAR, ArchiveFormat.TAR),
        Map.entry(GZIP, ArchiveFormat.GZIP),
        Map.entry(BZIP2, ArchiveFormat.BZIP2),
        Map.entry(MediaType.application("x-7z-compressed"), ArchiveFormat.SEVEN_ZIP),
        Map.entry(MediaType.application("x-rar-compressed"), ArchiveFormat.RAR),
        Map.entry(MediaType.application("x-xz"), ArchiveFormat.XZ),
        Map.entry(MediaType.parse(LZMA_TYPE), ArchiveFormat.LZMA),
        Map.entry(MediaType.application("x-compress"), ArchiveFormat.COMPRESS),
        Map.entry(MediaType.application("x-lz4"), ArchiveFormat.LZ4),
        Map.entry(MediaType.application("x-snappy-framed"), ArchiveFormat.SNAPPY),
        Map.entry(MediaType.application("x-archive"), ArchiveFormat.AR),
        Map.entry(MediaType.application("x-arj"), ArchiveFormat.ARJ),
        Map.entry(MediaType.application("x-cpio"), ArchiveFormat.CPIO),
        Map.entry(MediaType.parse(ACE_TYPE), ArchiveFormat.ACE),
        Map.entry(MediaType.application("x-iso9660-image"), ArchiveFormat.ISO9660),
        Map.entry(MediaType.parse(FAT_TYPE), ArchiveFormat.FAT));
    private static final byte[] SHORTCUT = {0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
        (byte) 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};
    private static final String SHORTCUT_TYPE = "application/x-ms-shortcut";

    /** Families by (base) MIME type, looked up from the detected type up through its supertypes. */
    private static final Map<String, FileFamily> FAMILIES = families();
    /** Prefixes of whole type trees, checked after the exact types at each step. */
    private static final List<Map.Entry<String, FileFamily>> FAMILY_PREFIXES = List.of(
        Map.entry("application/vnd.oasis.opendocument.", FileFamily.OFFICE),
        Map.entry("application/vnd.openxmlformats-officedocument.", FileFamily.OFFICE),
        Map.entry("application/vnd.ms-word", FileFamily.OFFICE),
        Map.entry("application/vnd.ms-excel", FileFamily.OFFICE),
        Map.entry("application/vnd.ms-powerpoint", FileFamily.OFFICE),
        Map.entry("application/x-mach-o", FileFamily.EXECUTABLE),
        Map.entry("image/", FileFamily.IMAGE));

    private static volatile FileTypeDetector standard;

    private final MimeTypes mimeTypes;
    private final MediaTypeRegistry registry;

    private FileTypeDetector(MimeTypes mimeTypes) {
        this.mimeTypes = Objects.requireNonNull(mimeTypes, "mimeTypes");
        this.registry = mimeTypes.getMediaTypeRegistry();
    }

    /** The detector with Tika's built-in database. */
    public static FileTypeDetector standard() {
        FileTypeDetector detector = standard;
        if (detector == null) {
            synchronized (FileTypeDetector.class) {
                detector = standard;
                if (detector == null) {
                    detector = new FileTypeDetector(MimeTypes.getDefaultMimeTypes());
                    standard = detector;
                }
            }
        }
        return detector;
    }

    /**
     * The type of a file from its first bytes.
     *
     * @param head         the first bytes of the file; only the first {@link #HEAD_BYTES} are read
     * @param length       how many bytes of {@code head} hold content
     * @param declaredName the file name the sender declared, only to recognise scripts; may be null
     */
    public FileType detect(byte[] head, int length, String declaredName) {
        Objects.requireNonNull(head, "head");
        int count = Math.max(0, Math.min(Math.min(length, head.length), HEAD_BYTES));
        FileType type = count == 0 ? FileType.of(FileType.UNKNOWN_MIME_TYPE, FileFamily.OTHER) : refine(magic(head, count), head, count);
        if (type.family() == FileFamily.OTHER && FileFamily.SCRIPT.usuallyHasExtension(FileNames.extension(declaredName))) {
            return type.withFamily(FileFamily.SCRIPT);
        }
        return type;
    }

    /** The family of a MIME type (parameters ignored), by the type and its supertypes. */
    public FileFamily familyOf(String mimeType) {
        return familyOf(parse(mimeType));
    }

    /**
     * The canonical form of a MIME type: lower case, without parameters, an alias replaced by the type it
     * stands for ({@code application/x-zip-compressed} is {@code application/zip}).
     */
    public String canonicalMimeType(String mimeType) {
        MediaType type = parse(mimeType);
        if (type == null) {
            return mimeType == null ? "" : mimeType.trim().toLowerCase(Locale.ROOT);
        }
        return registry.normalize(type.getBaseType()).toString().toLowerCase(Locale.ROOT);
    }

    /** Whether the type is an OLE2 compound file, whose directory tells more. */
    boolean isOle2(FileType type) {
        return isInstanceOf(type, OLE2);
    }

    /** Whether the type is a zip, or a format built on zip. */
    boolean isZip(FileType type) {
        return isInstanceOf(type, ZIP);
    }

    boolean isTar(FileType type) {
        return isInstanceOf(type, TAR);
    }

    boolean isGzip(FileType type) {
        return isInstanceOf(type, GZIP);
    }

    boolean isBzip2(FileType type) {
        return isInstanceOf(type, BZIP2);
    }

    /** How {@link ArchiveExplorer} reads files of this type; empty when it does not open them. */
    Optional<ArchiveFormat> archiveFormat(FileType type) {
        MediaType parsed = parse(type.mimeType());
        if (parsed == null) {
            return Optional.empty();
        }
        MediaType normalized = registry.normalize(parsed);
        for (Map.Entry<MediaType, ArchiveFormat> format : ARCHIVE_FORMATS) {
            if (registry.isInstanceOf(normalized, format.getKey())) {
                return Optional.of(format.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The family a file name claims by its extension, for a file whose content cannot be read (a member of
     * a RAR archive, an encrypted entry): {@code invoice.exe} claims {@link FileFamily#EXECUTABLE},
     * {@code report.docx} {@link FileFamily#OFFICE}, not the refinement {@link FileFamily#MACRO_DOCUMENT} that
     * also lists it; {@link FileFamily#SCRIPT} by name as always. {@link FileFamily#OTHER} when the
     * extension is no family's.
     */
    public FileFamily familyOfName(String name) {
        String extension = FileNames.extension(name);
        if (extension.isEmpty()) {
            return FileFamily.OTHER;
        }
        FileFamily claimed = FileFamily.OTHER;
        for (FileFamily family : FileFamily.values()) {
            // the broadest family that lists the extension: a refinement lists its broader family's too
            if (family != FileFamily.OTHER && family.usuallyHasExtension(extension)
                && (claimed == FileFamily.OTHER || claimed.isKindOf(family))) {
                claimed = family;
            }
        }
        return claimed;
    }

    private boolean isInstanceOf(FileType type, MediaType ancestor) {
        MediaType parsed = parse(type.mimeType());
        return parsed != null && registry.isInstanceOf(registry.normalize(parsed), ancestor);
    }

    private FileType magic(byte[] head, int count) {
        MediaType detected;
        try {
            detected = mimeTypes.detect(new ByteArrayInputStream(head, 0, count), new Metadata());
        } catch (IOException | RuntimeException e) {
            // reading an array cannot fail; a bug in a magic rule must not fail the scan
            detected = MediaType.OCTET_STREAM;
        }
        if (detected == null) {
            detected = MediaType.OCTET_STREAM;
        }
        return FileType.of(detected.toString(), familyOf(detected));
    }

    /** What magic does not tell, from the same bytes. */
    private FileType refine(FileType type, byte[] head, int count) {
        if (ArchiveHeaders.startsWith(head, count, SHORTCUT)) {
            return FileType.of(SHORTCUT_TYPE, FileFamily.EXECUTABLE);
        }
        MediaType parsed = parse(type.mimeType());
        if (MZ.equals(parsed) && hasPeHeader(head, count)) {
            return FileType.of(PE.toString(), FileFamily.EXECUTABLE);
        }
        if (isOle2(type)) {
            Ole2Directory directory = new Ole2Directory();
            directory.write(head, 0, count);
            return directory.refine(type);
        }
        if (isZip(type)) {
            return ZipContents.fromLocalHeaders(head, count).refine(type);
        }
        FileType archive = archiveMagic(type, parsed, head, count);
        boolean encryptedArchive = (ArchiveHeaders.isRar(head, count) && ArchiveHeaders.rarEncrypted(head, count))
            || (ArchiveHeaders.isSevenZip(head, count) && ArchiveHeaders.sevenZipEncrypted(head, count, null, count))
            || ArchiveHeaders.arjEncrypted(head, count);
        return encryptedArchive ? encryptedArchive(archive) : archive;
    }

    /**
     * Archives and disk images Tika's magic misses or guesses too loosely: ACE ({@code **ACE**} at 7), LZMA
     * "alone" files (no magic: a plausible 13-byte header, then the zero every LZMA stream starts with),
     * VHDX, UDF-only disc images, and FAT boot sectors, checked further than Tika's three bytes.
     */
    private FileType archiveMagic(FileType type, MediaType parsed, byte[] head, int count) {
        boolean unknown = MediaType.OCTET_STREAM.equals(parsed) || MediaType.TEXT_PLAIN.equals(parsed);
        if (FAT_TYPE.equals(type.baseMimeType()) && !FatDirectory.isBootSector(head, count)) {
            return FileType.of(FileType.UNKNOWN_MIME_TYPE, FileFamily.OTHER);
        }
        if (!unknown) {
            return type;
        }
        if (ArchiveHeaders.isAce(head, count)) {
            return FileType.of(ACE_TYPE, FileFamily.ARCHIVE);
        }
        if (ArchiveHeaders.isVhdx(head, count)) {
            return FileType.of(VHDX_TYPE, FileFamily.ARCHIVE);
        }
        if (ArchiveHeaders.isUdf(head, count)) {
            return FileType.of(UDF_TYPE, FileFamily.ARCHIVE);
        }
        if (FatDirectory.isBootSector(head, count)) {
            return FileType.of(FAT_TYPE, FileFamily.ARCHIVE);
        }
        if (ArchiveHeaders.isLzma(head, count)) {
            return FileType.of(LZMA_TYPE, FileFamily.ARCHIVE);
        }
        return type;
    }

    static FileType encryptedArchive(FileType type) {
        FileType encrypted = type.asEncrypted();
        return encrypted.family() == FileFamily.ARCHIVE ? encrypted.withFamily(FileFamily.ENCRYPTED_ARCHIVE) : encrypted;
    }

    /** An MZ header whose e_lfanew points at a PE signature within the bytes at hand. */
    private static boolean hasPeHeader(byte[] head, int count) {
        if (count < 0x40) {
            return false;
        }
        long offset = (head[0x3C] & 0xff) | (head[0x3D] & 0xff) << 8 | (head[0x3E] & 0xff) << 16 | (long) (head[0x3F] & 0xff) << 24;
        return offset >= 0x40 && offset + 4 <= count && head[(int) offset] == 'P' && head[(int) offset + 1] == 'E'
            && head[(int) offset + 2] == 0 && head[(int) offset + 3] == 0;
    }

    private FileFamily familyOf(MediaType detected) {
        MediaType type = detected == null ? null : registry.normalize(detected);
        for (int step = 0; type != null && step < 32; step++) {
            String name = type.getBaseType().toString().toLowerCase(Locale.ROOT);
            FileFamily exact = FAMILIES.get(name);
            if (exact != null) {
                return exact;
            }
            if (name.contains("macroenabled")) {
                return FileFamily.MACRO_DOCUMENT;
            }
            for (Map.Entry<String, FileFamily> prefix : FAMILY_PREFIXES) {
                if (name.startsWith(prefix.getKey())) {
                    return prefix.getValue();
                }
            }
            type = registry.getSupertype(type);
        }
        return FileFamily.OTHER;
    }

    private static MediaType parse(String mimeType) {
        return mimeType == null ? null : MediaType.parse(mimeType.trim().toLowerCase(Locale.ROOT));
    }

    private static Map<String, FileFamily> families() {
        Map<String, FileFamily> families = new HashMap<>();
        for (String type : List.of("application/x-msdownload", "application/x-dosexec", "application/x-msdos-program",
            "application/x-executable", "application/x-elf", "application/x-sharedlib", "application/x-ms-installer",
            "application/java-archive", "application/java-vm", "application/vnd.android.package-archive", SHORTCUT_TYPE)) {
            families.put(type, FileFamily.EXECUTABLE);
        }
        for (String type : List.of("application/x-coredump", "application/x-object", "application/octet-stream",
            "text/plain")) {
            families.put(type, FileFamily.OTHER); // an ELF that is not a program; the roots of the tree
        }
        for (String type : List.of("application/zip", "application/x-tar", "application/x-gtar", "application/x-ustar",
            "application/gzip", "application/x-bzip", "application/x-bzip2", "application/x-xz",
            "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.ms-cab-compressed",
            "application/x-iso9660-image", "application/x-lzh-compressed", "application/x-lha", "application/x-arj",
            "application/zstd", "application/x-lzip", "application/x-lzma", "application/x-compress", "application/x-cpio",
            "application/x-ace-compressed", "application/x-apple-diskimage", "application/x-archive", "application/x-vhd",
            "application/x-ms-compress-szdd", "application/x-uc2-compressed", "application/x-lz4",
            "application/x-snappy-framed", FAT_TYPE, VHDX_TYPE, UDF_TYPE)) {
            families.put(type, FileFamily.ARCHIVE);
        }
        for (String type : List.of("application/x-tika-msoffice", "application/x-tika-ooxml",
            "application/x-tika-ooxml-protected", "application/msword", "application/vnd.ms-outlook", "application/rtf",
            "application/onenote", "application/vnd.visio")) {
            families.put(type, FileFamily.OFFICE);
        }
        families.put("application/pdf", FileFamily.PDF);
        for (String type : List.of("text/javascript", "application/javascript", "application/x-sh", "application/x-csh",
            "application/x-bat", "text/x-python", "text/x-perl", "text/x-php", "application/x-httpd-php", "text/x-ruby",
            "text/x-vbscript", "application/x-powershell", "application/hta")) {
            families.put(type, FileFamily.SCRIPT);
        }
        return Map.copyOf(families);
    }
}
