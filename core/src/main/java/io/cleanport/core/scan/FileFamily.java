package io.cleanport.core.scan;

import java.util.HashSet;
import java.util.Set;

/**
 * What a file really is, for policy: the family of the type detected from its content (see
 * {@link FileTypeDetector}), whatever its name or declared type claims.
 *
 * <p>Two families refine another: a {@link #MACRO_DOCUMENT} is also an {@link #OFFICE} document, an
 * {@link #ENCRYPTED_ARCHIVE} also an {@link #ARCHIVE} ({@link #isKindOf}). Each family lists the file name
 * extensions its members usually carry, so a rule written as an extension ({@code exe}) can follow the
 * detected type (an executable renamed {@code .pdf}).
 */
public enum FileFamily {
    /** Native or virtual-machine programs: PE/MZ, ELF, Mach-O, Windows Installer, Java archives, shortcuts. */
    EXECUTABLE(null, "exe", "dll", "com", "scr", "pif", "cpl", "ocx", "sys", "drv", "msi", "msp", "mst", "lnk",
        "jar", "class", "apk", "elf", "so", "dylib", "app"),
    /** Containers of other files: zip, tar, gzip, bzip2, xz, 7z, rar, cab, disk images. */
    ARCHIVE(null, "zip", "tar", "gz", "tgz", "bz2", "tbz2", "xz", "txz", "7z", "rar", "cab", "iso", "img", "vhd",
        "vhdx", "lzh", "lha", "arj", "z", "zst", "cpio", "ace", "dmg"),
    /** An archive whose members (or headers) are encrypted, so their content cannot be examined. */
    ENCRYPTED_ARCHIVE(ARCHIVE),
    /** Office documents: OLE2 (doc, xls, ppt, msg), Office Open XML, OpenDocument, RTF, OneNote. */
    OFFICE(null, "doc", "dot", "docx", "dotx", "xls", "xlt", "xlsx", "xltx", "xlsb", "ppt", "pot", "pps", "pptx",
        "potx", "ppsx", "odt", "ods", "odp", "odg", "rtf", "one", "msg", "vsd", "vsdx", "pub"),
    /** An office document that carries a VBA project (macros). */
    MACRO_DOCUMENT(OFFICE, "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam"),
    PDF(null, "pdf"),
    IMAGE(null, "jpg", "jpeg", "jpe", "png", "gif", "bmp", "tif", "tiff", "webp", "ico", "svg", "heic", "heif"),
    /** Script source a desktop runs on a double click; scripts have no magic, so names count here. */
    SCRIPT(null, "js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "bat", "cmd", "hta", "sh"),
    /** Anything else: text, media, unknown binary data. */
    OTHER(null);

    private final FileFamily broader;
    private final Set<String> ownExtensions;

    FileFamily(FileFamily broader, String... extensions) {
        this.broader = broader;
        this.ownExtensions = Set.of(extensions);
    }

    /**
     * Whether this family is {@code family} or a refinement of it: {@code MACRO_DOCUMENT.isKindOf(OFFICE)}
     * and {@code ENCRYPTED_ARCHIVE.isKindOf(ARCHIVE)} hold.
     */
    public boolean isKindOf(FileFamily family) {
        return this == family || (broader != null && broader.isKindOf(family));
    }

    /**
     * The extensions (lower case, without the dot) that files of this family usually carry, those of the
     * broader family included; none for {@link #OTHER}.
     */
    public Set<String> usualExtensions() {
        if (broader == null) {
            return ownExtensions;
        }
        Set<String> all = new HashSet<>(ownExtensions);
        all.addAll(broader.usualExtensions());
        return Set.copyOf(all);
    }

    /** Whether {@code extension} (lower case, no dot) is one of {@link #usualExtensions()}. */
    public boolean usuallyHasExtension(String extension) {
        return ownExtensions.contains(extension) || (broader != null && broader.usuallyHasExtension(extension));
    }
}
