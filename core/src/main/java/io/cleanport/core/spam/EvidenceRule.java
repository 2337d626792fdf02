package io.cleanport.core.spam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;

/** A {@link SpamRule} made of its definition and a function that finds the evidence. */
final class EvidenceRule implements SpamRule {
    private static final int MAX_LISTED = 3;
    private static final int MAX_QUOTED_CHARS = 80;

    private final Rule definition;
    private final boolean composition;
    private final Function<SpamMessage, Optional<String>> finder;

    EvidenceRule(String id, double defaultScore, String description, boolean composition,
                 Function<SpamMessage, Optional<String>> finder) {
        this.definition = Rule.of(id, defaultScore, description);
        this.composition = composition;
        this.finder = Objects.requireNonNull(finder, "finder");
    }

    @Override
    public String id() {
        return definition.id();
    }

    @Override
    public String description() {
        return definition.description();
    }

    @Override
    public double defaultScore() {
        return definition.score();
    }

    @Override
    public boolean composition() {
        return composition;
    }

    @Override
    public Optional<RuleHit> evaluate(SpamMessage message) {
        return finder.apply(message).map(definition::hit);
    }

    /** Evidence of several findings: the first three, and how many more. */
    static Optional<String> listed(List<String> findings) {
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        String shown = String.join("; ", findings.subList(0, Math.min(MAX_LISTED, findings.size())));
        return Optional.of(findings.size() > MAX_LISTED ? shown + "; and " + (findings.size() - MAX_LISTED) + " more" : shown);
    }

    /** Text from the message cut to a length that reads well in evidence. */
    static String quoted(String text) {
        String oneLine = text.substring(0, Math.min(text.length(), 4 * MAX_QUOTED_CHARS)).strip().replaceAll("\\s+", " ");
        return "'" + (oneLine.length() <= MAX_QUOTED_CHARS ? oneLine : oneLine.substring(0, MAX_QUOTED_CHARS) + "…") + "'";
    }

    @Override
    public String toString() {
        return definition.id() + " (" + definition.score() + (composition ? ", composition" : "") + ")";
    }
}
