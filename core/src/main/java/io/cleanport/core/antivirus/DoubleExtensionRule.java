package io.cleanport.core.antivirus;

import java.util.Optional;
import java.util.Set;

import io.cleanport.core.scan.FileNames;
import io.cleanport.core.verdict.Rule;

/**
 * A file named like a document but with a dangerous extension after it ({@code invoice.pdf.exe},
 * {@code scan.jpg      .scr}): Windows hides the last extension, so the reader sees a harmless one. At any
 * depth in archives.
 */
public final class DoubleExtensionRule implements FileRule {
    public static final Rule RULE = Rule.of("DOUBLE_EXTENSION", 8,
        "a file named like a document with a dangerous extension after it (invoice.pdf.exe)");

    /** Extensions a reader trusts: documents, images, media, archives, text. */
    private static final Set<String> DECOYS = Set.of("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "odt",
        "ods", "txt", "csv", "htm", "html", "xml", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp3", "mp4",
        "wav", "avi", "mov", "zip", "rar", "7z", "eml", "msg", "ics", "vcf");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "DoubleExtension";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        String last = file.file().extension();
        if (!DangerousExtensions.contains(last)) {
            return Optional.empty();
        }
        String name = file.name();
        int dot = lastDotBeforeExtension(name);
        if (dot < 0) {
            return Optional.empty();
        }
        String before = FileNames.extension(name.substring(0, dot).strip());
        if (!DECOYS.contains(before)) {
            return Optional.empty();
        }
        return Optional.of(file.describe() + " shows ." + before + " but is ." + last);
    }

    /** The dot that starts the last extension, trailing dots and spaces ignored as Windows ignores them. */
    private static int lastDotBeforeExtension(String name) {
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.lastIndexOf('.', end - 1);
    }
}
