package io.cleanport.core.pipeline;

import java.util.Objects;

import io.cleanport.core.verdict.Category;

/**
 * A filtering step and one of its outcomes, written {@code <step>:<outcome>} in the pipeline's
 * configuration: {@code virus:quarantine}, {@code virus:delete}, {@code content:tag}, {@code spam:delete}...
 * Every combination is possible except {@code virus:tag}: a virus is never delivered.
 *
 * @param step    virus, content or spam (never clean)
 * @param outcome what the step's verdict does to a recipient
 */
public record StepOutcome(Category step, Outcome outcome) {
    /** The filtering steps in pipeline order, as their configuration spelling lists them. */
    static final String STEPS = "virus, content, spam";

    /**
     * @throws IllegalArgumentException when {@code step} is clean or the pair is {@code virus:tag}
     */
    public StepOutcome {
        checkStep(Objects.requireNonNull(step, "step"));
        Objects.requireNonNull(outcome, "outcome");
        if (step == Category.VIRUS && outcome == Outcome.TAG) {
            throw new IllegalArgumentException("outcome 'tag' is not possible for the virus step (a virus is never"
                + " delivered); expected quarantine or delete");
        }
    }

    /**
     * Parses {@code <step>:<outcome>}, e.g. {@code spam:tag}.
     *
     * @throws IllegalArgumentException saying which part is wrong and what is expected
     */
    public static StepOutcome parse(String condition) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("no condition; expected <step>:<outcome>, e.g. virus:quarantine or spam:tag");
        }
        String trimmed = condition.strip();
        int colon = trimmed.indexOf(':');
        if (colon < 0 || trimmed.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("'" + trimmed + "' is not <step>:<outcome>, e.g. virus:quarantine or spam:tag");
        }
        Category step = parseStep(trimmed.substring(0, colon).strip());
        String outcomeText = trimmed.substring(colon + 1).strip();
        Outcome outcome;
        try {
            outcome = Outcome.parse(outcomeText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome '" + outcomeText + "' is not an outcome; expected one of"
                + " quarantine, delete, tag", e);
        }
        return new StepOutcome(step, outcome);
    }

    /**
     * Parses the name of a filtering step: {@code virus}, {@code content} or {@code spam}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Category parseStep(String value) {
        for (Category category : Category.values()) {
            if (category != Category.CLEAN && category.asString().equals(value)) {
                return category;
            }
        }
        throw new IllegalArgumentException("step '" + value + "' is not a filtering step; expected one of " + STEPS);
    }

    /** The configuration spelling, {@code <step>:<outcome>}. */
    public String asString() {
        return step.asString() + ":" + outcome.asString();
    }

    private static void checkStep(Category step) {
        if (step == Category.CLEAN) {
            throw new IllegalArgumentException("step 'clean' is not a filtering step; expected one of " + STEPS);
        }
    }
}
