package io.cleanport.core.policy;

/**
 * How long quarantined mail is kept per category, in days (1 to 3650).
 */
public record QuarantineDays(int virus, int spam, int content) {
    public static final QuarantineDays DEFAULTS = new QuarantineDays(14, 30, 30);

    /**
     * @throws PolicyValidationException naming {@code virus}, {@code spam} or {@code content}
     */
    public QuarantineDays {
        PolicyLimits.checkQuarantineDays("virus", virus);
        PolicyLimits.checkQuarantineDays("spam", spam);
        PolicyLimits.checkQuarantineDays("content", content);
    }

    public static QuarantineDays of(int virus, int spam, int content) {
        return new QuarantineDays(virus, spam, content);
    }
}
