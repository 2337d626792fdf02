package io.cleanport.core.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.VirusAction;

/** What happens, for one recipient, to a mail that one filtering step found guilty. */
public enum Outcome {
    /** Kept in the step's quarantine for the recipient, not delivered. */
    QUARANTINE,
    /** Dropped for the recipient (logged and counted). */
    DELETE,
    /** Delivered with the step's subject tag ({@code *** SPAM *** }, {@code *** CF *** }). */
    TAG;

    /** The configuration spelling: {@code quarantine}, {@code delete} or {@code tag}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome of(VirusAction action) {
        return action == VirusAction.DELETE ? DELETE : QUARANTINE;
    }

    public static Outcome of(FilterAction action) {
        return switch (action) {
            case QUARANTINE -> QUARANTINE;
            case DELETE -> DELETE;
            case TAG -> TAG;
        };
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Outcome parse(String value) {
        for (Outcome outcome : values()) {
            if (outcome.asString().equals(value)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an outcome; expected one of "
            + Arrays.stream(values()).map(Outcome::asString).collect(Collectors.joining(", ")));
    }
}
