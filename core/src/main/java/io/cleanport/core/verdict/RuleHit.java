package io.cleanport.core.verdict;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule that matched a message: which rule, what it weighs, what it means, and where in the message
 * it matched, so that a quarantined or tagged message can always answer "why".
 *
 * <p>Detectors usually create hits through {@link Rule#hit(String)}, which makes the evidence
 * printable first; this constructor refuses anything unsafe rather than repairing it.
 *
 * @param ruleId      the rule's id: an upper-case letter, then upper-case letters, digits and underscores,
 *                    at most {@value #MAX_RULE_ID_CHARS} characters ({@code EICAR_TEST_FILE},
 *                    {@code DOUBLE_EXTENSION})
 * @param score       the rule's weight, finite, from {@value #MIN_SCORE} to {@value #MAX_SCORE}; negative
 *                    weights count against spam (a rule that vouches for the sender)
 * @param description one line saying what the rule detects, 1 to {@value #MAX_DESCRIPTION_CHARS}
 *                    printable characters
 * @param evidence    where and on what it matched ("attachment invoice.pdf.exe inside statement.zip"), at
 *                    most {@value #MAX_EVIDENCE_CHARS} printable characters; may be empty
 */
public record RuleHit(String ruleId, double score, String description, String evidence) {
    public static final int MAX_RULE_ID_CHARS = 64;
    public static final int MAX_DESCRIPTION_CHARS = 200;
    public static final int MAX_EVIDENCE_CHARS = 500;
    public static final double MIN_SCORE = -1000;
    public static final double MAX_SCORE = 1000;

    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]{0," + (MAX_RULE_ID_CHARS - 1) + "}");

    /**
     * @throws IllegalArgumentException naming the offending component
     */
    public RuleHit {
        ruleId = checkRuleId(ruleId);
        score = checkScore(score);
        description = checkDescription(description);
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.length() > MAX_EVIDENCE_CHARS) {
            throw new IllegalArgumentException("evidence: " + evidence.length() + " characters; at most "
                + MAX_EVIDENCE_CHARS + " are accepted");
        }
        if (!Evidence.isPrintable(evidence)) {
            throw new IllegalArgumentException("evidence: must not contain line breaks, control or invisible formatting"
                + " characters; pass text from the message through Evidence.printable first");
        }
    }

    public static RuleHit of(String ruleId, double score, String description, String evidence) {
        return new RuleHit(ruleId, score, description, evidence);
    }

    static String checkRuleId(String ruleId) {
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("ruleId: '" + ruleId + "' is not a rule id; expected an upper-case letter"
                + " followed by upper-case letters, digits or underscores, at most " + MAX_RULE_ID_CHARS + " characters");
        }
        return ruleId;
    }

    static double checkScore(double score) {
        if (!(score >= MIN_SCORE && score <= MAX_SCORE)) {
            throw new IllegalArgumentException("score: " + score + " is not a finite number from " + MIN_SCORE
                + " to " + MAX_SCORE);
        }
        // one zero: -0.0 and 0.0 would otherwise make equal-looking hits unequal
        return score == 0 ? 0.0 : score;
    }

    static String checkDescription(String description) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description: must not be empty");
        }
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("description: " + description.length() + " characters; at most "
                + MAX_DESCRIPTION_CHARS + " are accepted");
        }
        if (!Evidence.isPrintable(description)) {
            throw new IllegalArgumentException("description: must be one line of printable characters");
        }
        return description;
    }
}
