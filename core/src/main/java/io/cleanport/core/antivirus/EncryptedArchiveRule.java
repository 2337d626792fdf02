package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.verdict.Rule;

/**
 * An archive whose content is encrypted, so no scanner can see inside it: common for legitimate
 * confidential files, so weak on its own; {@link ProtagRules} adds {@link #PASSWORD_IN_TEXT} when the
 * message also gives the password, the pattern of malware that wants to pass scanners.
 */
public final class EncryptedArchiveRule implements FileRule {
    public static final Rule RULE = Rule.of("ENCRYPTED_ARCHIVE", 3,
        "an archive with encrypted content that cannot be examined");
    public static final Rule PASSWORD_IN_TEXT = Rule.of("ENCRYPTED_ARCHIVE_PASSWORD", 4,
        "an encrypted archive whose password the message text gives");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "EncryptedArchive";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        if (!file.file().encrypted() || !file.file().family().isKindOf(FileFamily.ARCHIVE)) {
            return Optional.empty();
        }
        return Optional.of(file.describe() + " is an encrypted archive");
    }
}
