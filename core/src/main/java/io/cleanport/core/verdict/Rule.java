package io.cleanport.core.verdict;

/**
 * A named, weighted, explained detection: the definition behind every {@link RuleHit} it produces.
 *
 * <p>A detector declares its rules as constants with default weights; configuration may replace a weight
 * with {@link #withScore(double)}. Components are validated as in {@link RuleHit}.
 *
 * @param id          the rule id, e.g. {@code EICAR_TEST_FILE}
 * @param score       the default weight of a hit
 * @param description one line saying what the rule detects
 */
public record Rule(String id, double score, String description) {
    /**
     * @throws IllegalArgumentException naming the offending component
     */
    public Rule {
        id = RuleHit.checkRuleId(id);
        score = RuleHit.checkScore(score);
        description = RuleHit.checkDescription(description);
    }

    public static Rule of(String id, double score, String description) {
        return new Rule(id, score, description);
    }

    /**
     * A hit of this rule. The evidence may come straight from the message: it is made printable and
     * bounded with {@link Evidence#printable(String)}.
     */
    public RuleHit hit(String evidence) {
        return new RuleHit(id, score, description, Evidence.printable(evidence));
    }

    /** The same rule with another weight, for weights set by configuration. */
    public Rule withScore(double newScore) {
        return new Rule(id, newScore, description);
    }
}
