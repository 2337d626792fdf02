package io.cleanport.core.scan;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the entry names of a zip say about it: an Office Open XML document (with a VBA project or not), a
 * Java or Android archive, or encrypted entries. Fed the entries one by one, by the
 * {@link ArchiveExplorer} or from the local headers in the first bytes of the file. The explorer feeds it
 * the entries of every other format too, for their encryption: the names refine only the zip types.
 */
final class ZipContents {
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int MAX_LOCAL_HEADERS = 1000;
    private static final int ENCRYPTED_FLAG = 0x0001;
    private static final int DATA_DESCRIPTOR_FLAG = 0x0008;
    private static final int UTF8_FLAG = 0x0800;

    private boolean contentTypes;
    private boolean vbaProject;
    private boolean javaManifest;
    private boolean androidManifest;
    private boolean dalvikCode;
    private boolean word;
    private boolean excel;
    private boolean powerPoint;
    private boolean encrypted;

    void entry(String name, boolean entryEncrypted) {
        encrypted |= entryEncrypted;
        String lower = name.toLowerCase(Locale.ROOT);
        contentTypes |= name.equals("[Content_Types].xml");
        vbaProject |= lower.equals("vbaproject.bin") || lower.endsWith("/vbaproject.bin");
        javaManifest |= lower.equals("meta-inf/manifest.mf");
        androidManifest |= name.equals("AndroidManifest.xml");
        dalvikCode |= name.equals("classes.dex");
        word |= name.startsWith("word/");
        excel |= name.startsWith("xl/");
        powerPoint |= name.startsWith("ppt/");
    }

    /** The archive's headers are encrypted (7z, RAR): no entry could be named, and the archive is encrypted. */
    void encryptedHeaders() {
        encrypted = true;
    }

    boolean anyEncrypted() {
        return encrypted;
    }

    /**
     * {@code type}, a zip or a type Tika derives from zip, told more precisely. The entries decide only
     * for the generic zip types; a type Tika recognised from a marker entry (OpenDocument, EPUB) stays.
     */
    FileType refine(FileType type) {
        FileType refined = type;
        String base = type.baseMimeType();
        boolean generic = base.equals("application/zip") || base.equals("application/x-tika-ooxml")
            || base.equals("application/java-archive");
        if (generic && contentTypes) {
            refined = type.withMimeType(ooxmlType(), vbaProject ? FileFamily.MACRO_DOCUMENT : FileFamily.OFFICE);
        } else if (generic && androidManifest && dalvikCode) {
            refined = type.withMimeType("application/vnd.android.package-archive", FileFamily.EXECUTABLE);
        } else if (generic && javaManifest) {
            refined = type.withMimeType("application/java-archive", FileFamily.EXECUTABLE);
        }
        if (encrypted) {
            refined = refined.asEncrypted();
            if (refined.family() == FileFamily.ARCHIVE) {
                refined = refined.withFamily(FileFamily.ENCRYPTED_ARCHIVE);
            }
        }
        return refined;
    }

    private String ooxmlType() {
        if (word) {
            return vbaProject ? "application/vnd.ms-word.document.macroenabled.12"
                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        if (excel) {
            return vbaProject ? "application/vnd.ms-excel.sheet.macroenabled.12"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if (powerPoint) {
            return vbaProject ? "application/vnd.ms-powerpoint.presentation.macroenabled.12"
                : "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        }
        return "application/x-tika-ooxml";
    }

    /**
     * The entries whose local headers lie in {@code head}, in order: enough to refine a zip that is not
     * listed in full. After an entry whose size follows its data (a data descriptor, as zip writers that
     * stream use), the next header is searched for by its signature.
     */
    static ZipContents fromLocalHeaders(byte[] head, int length) {
        ZipContents contents = new ZipContents();
        int position = 0;
        for (int i = 0; i < MAX_LOCAL_HEADERS; i++) {
            int at = nextSignature(head, length, position);
            if (at < 0 || at + LOCAL_HEADER_BYTES > length) {
                break;
            }
            int flags = u16(head, at + 6);
            long compressedSize = u16(head, at + 18) | (long) u16(head, at + 20) << 16;
            int nameLength = u16(head, at + 26);
            int extraLength = u16(head, at + 28);
            if (at + LOCAL_HEADER_BYTES + nameLength > length) {
                break;
            }
            String name = new String(head, at + LOCAL_HEADER_BYTES, nameLength,
                (flags & UTF8_FLAG) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            contents.entry(name, (flags & ENCRYPTED_FLAG) != 0);
            long next = (long) at + LOCAL_HEADER_BYTES + nameLength + extraLength;
            if ((flags & DATA_DESCRIPTOR_FLAG) == 0 && compressedSize != 0xFFFFFFFFL) {
                next += compressedSize;
            }
            if (next >= length) {
                break;
            }
            position = (int) next;
        }
        return contents;
    }

    private static int nextSignature(byte[] head, int length, int from) {
        for (int i = from; i + 4 <= length; i++) {
            if (head[i] == 'P' && head[i + 1] == 'K' && head[i + 2] == 3 && head[i + 3] == 4) {
                return i;
            }
        }
        return -1;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }
}
