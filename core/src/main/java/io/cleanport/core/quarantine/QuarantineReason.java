package io.cleanport.core.quarantine;

/**
 * Why a message was quarantined, one rule at a time: the rule's id ({@code EICAR-Test-File},
 * {@code DOUBLE_EXTENSION}) and a line of text with its evidence ("attachment invoice.pdf.exe").
 *
 * <p>{@code ruleId}: 1 to {@value #MAX_RULE_ID_LENGTH} printable ASCII characters, no space.
 * {@code text}: may be empty; control characters become spaces and text longer than
 * {@value #MAX_TEXT_LENGTH} characters is cut with an ellipsis, since evidence quotes what a sender
 * wrote (a file name, a phrase) and must not fail the quarantining of the mail.
 */
public record QuarantineReason(String ruleId, String text) {
    public static final int MAX_RULE_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 1000;

    /**
     * @throws QuarantineValidationException (field {@code ruleId}) for an empty or malformed id
     */
    public QuarantineReason {
        if (ruleId == null || ruleId.isEmpty()) {
            throw new QuarantineValidationException("ruleId", "must not be empty");
        }
        if (ruleId.length() > MAX_RULE_ID_LENGTH) {
            throw new QuarantineValidationException("ruleId", "is longer than " + MAX_RULE_ID_LENGTH + " characters");
        }
        for (int i = 0; i < ruleId.length(); i++) {
            char c = ruleId.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new QuarantineValidationException("ruleId", "'" + ruleId + "' contains a space, a control or a non-ASCII character");
            }
        }
        text = QuarantineEntry.boundedText(text, MAX_TEXT_LENGTH);
    }

    public static QuarantineReason of(String ruleId, String text) {
        return new QuarantineReason(ruleId, text);
    }
}
