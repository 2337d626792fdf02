package io.cleanport.core.antivirus;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.verdict.Rule;

/**
 * A file whose name or declared type says one kind of file while its content is another ({@code invoice.pdf}
 * that is a zip, {@code image/jpeg} that is a program): a disguise, weak evidence on its own, strong beside
 * other rules. Compared by {@link FileFamily}, so {@code image/jpeg} for a PNG, or a {@code .docx} that is a
 * zip (Office Open XML is one), is no disguise. Content that shows no known type is not judged.
 */
public final class DisguisedFileTypeRule implements FileRule {
    public static final Rule RULE = Rule.of("DISGUISED_FILE_TYPE", 3,
        "a file whose name or declared type contradicts the type its content shows");

    /** The families an extension may claim, most specific first. */
    private static final List<FileFamily> CLAIMABLE = List.of(FileFamily.MACRO_DOCUMENT, FileFamily.OFFICE,
        FileFamily.PDF, FileFamily.IMAGE, FileFamily.EXECUTABLE, FileFamily.ARCHIVE);

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "Disguised";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        FileFamily detected = file.file().family();
        Optional<String> detectedType = file.file().detectedMimeType();
        if (detectedType.isEmpty() || detected == FileFamily.OTHER || detected == FileFamily.SCRIPT) {
            return Optional.empty();
        }
        String extension = file.file().extension();
        Optional<FileFamily> named = familyOfExtension(extension);
        if (named.isPresent() && !compatible(named.get(), detected)) {
            return Optional.of(file.describe() + " is named ." + extension + " but its content is " + detectedType.get());
        }
        if (file.file() instanceof Attachment attachment) {
            Optional<FileFamily> declared = familyOfDeclaredType(attachment.declaredMimeType());
            if (declared.isPresent() && !compatible(declared.get(), detected)) {
                return Optional.of(file.describe() + " is declared " + attachment.declaredMimeType() + " but its content is "
                    + detectedType.get());
            }
        }
        return Optional.empty();
    }

    static Optional<FileFamily> familyOfExtension(String extension) {
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        return CLAIMABLE.stream().filter(family -> family.usuallyHasExtension(extension)).findFirst();
    }

    static Optional<FileFamily> familyOfDeclaredType(String declared) {
        String type = declared.toLowerCase(Locale.ROOT);
        if (type.equals("application/pdf")) {
            return Optional.of(FileFamily.PDF);
        }
        if (type.startsWith("image/") && !type.equals("image/svg+xml")) {
            return Optional.of(FileFamily.IMAGE);
        }
        if (type.equals("application/msword") || type.startsWith("application/vnd.ms-")
            || type.startsWith("application/vnd.openxmlformats-officedocument.")
            || type.startsWith("application/vnd.oasis.opendocument.")) {
            return Optional.of(FileFamily.OFFICE);
        }
        if (type.equals("application/zip") || type.equals("application/x-zip-compressed") || type.equals("application/x-rar-compressed")
            || type.equals("application/vnd.rar") || type.equals("application/x-7z-compressed") || type.equals("application/gzip")) {
            return Optional.of(FileFamily.ARCHIVE);
        }
        if (type.equals("application/x-msdownload") || type.equals("application/x-dosexec")
            || type.equals("application/x-executable")) {
            return Optional.of(FileFamily.EXECUTABLE);
        }
        return Optional.empty(); // application/octet-stream and the rest claim nothing
    }

    /**
     * Whether a file claimed as {@code claimed} may show {@code detected}: the same family or a refinement,
     * and the containers a claimed type is built on (Office Open XML and Java archives are zips).
     */
    static boolean compatible(FileFamily claimed, FileFamily detected) {
        if (detected.isKindOf(claimed) || claimed.isKindOf(detected)) {
            return true;
        }
        boolean zipBased = claimed.isKindOf(FileFamily.OFFICE) || claimed == FileFamily.EXECUTABLE;
        return zipBased && detected.isKindOf(FileFamily.ARCHIVE);
    }
}
