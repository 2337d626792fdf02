package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.verdict.Rule;

/**
 * A program or script inside an archive, at any depth: its content is a program, or its name makes it one
 * ({@link DangerousExtensions}). Zipping an executable is how it passes filters that look at attachment
 * names only.
 */
public final class ArchivedExecutableRule implements FileRule {
    public static final Rule RULE = Rule.of("ARCHIVED_EXECUTABLE", 10,
        "a program or script inside an archive (at any depth)");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "ArchivedExecutable";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        if (!file.insideArchive()) {
            return Optional.empty();
        }
        FileFamily family = file.file().family();
        if (family == FileFamily.EXECUTABLE && file.file().detectedMimeType().isPresent()) {
            return Optional.of(file.describe() + " is " + file.file().detectedMimeType().get());
        }
        String extension = file.file().extension();
        if (family == FileFamily.SCRIPT || DangerousExtensions.contains(extension)) {
            return Optional.of(file.describe() + " has the extension ." + extension);
        }
        return Optional.empty();
    }
}
