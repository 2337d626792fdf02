package io.cleanport.core.quarantine;

import javax.mail.internet.MimeMessage;

/**
 * What the filters learn from a release: a message an administrator let out of the spam quarantine was not
 * spam, so the spam classifier learns it as ham. Called after the message was handed to delivery; a failure
 * to learn is logged and never undoes the release.
 */
@FunctionalInterface
public interface ReleaseLearning {
    /** Learns nothing. */
    ReleaseLearning NONE = (entry, message) -> {
    };

    void released(QuarantineEntry entry, MimeMessage message) throws Exception;
}
