package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.verdict.Rule;

/**
 * An attachment whose content is a program (PE/MZ, ELF, Mach-O, Windows Installer, Java archive,
 * shortcut), whatever its name or declared type: detected from its bytes. Members of archives are judged
 * by {@link ArchivedExecutableRule}.
 */
public final class ExecutableFileRule implements FileRule {
    public static final Rule RULE = Rule.of("EXECUTABLE_ATTACHMENT", 10,
        "an attachment whose content is a program (PE, ELF, Mach-O, installer, Java archive, shortcut)");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "Executable";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        if (file.insideArchive() || file.file().family() != FileFamily.EXECUTABLE || file.file().detectedMimeType().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(file.describe() + " is " + file.file().detectedMimeType().get());
    }
}
