package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.verdict.Rule;

/**
 * An attachment named to run, install or mount on a double click ({@link DangerousExtensions}): scripts
 * have no magic bytes, so their name is what makes them dangerous. Members of archives are judged by
 * {@link ArchivedExecutableRule}.
 */
public final class DangerousExtensionRule implements FileRule {
    public static final Rule RULE = Rule.of("DANGEROUS_EXTENSION", 10,
        "an attachment named to run, install or mount on a double click (.exe, .js, .vbs, .lnk, .iso, …)");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "DangerousAttachment";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        String extension = file.file().extension();
        if (file.insideArchive() || !DangerousExtensions.contains(extension)) {
            return Optional.empty();
        }
        return Optional.of(file.describe() + " has the extension ." + extension);
    }
}
