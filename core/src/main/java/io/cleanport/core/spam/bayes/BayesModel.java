package io.cleanport.core.spam.bayes;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trained model: message totals and token counts, as {@link ModelFile} writes and reads it and a
 * {@link TokenStore} imports it. Bounded to {@value #MAX_TOKENS} tokens; every count is at most the
 * total of its class. Immutable; tokens sorted.
 */
public record BayesModel(LearnedTotals totals, SortedMap<String, TokenCounts> tokens) {
    /** Far above what a training corpus yields (a few hundred thousand), bounded for a hostile file. */
    public static final int MAX_TOKENS = 2_000_000;

    public BayesModel {
        Objects.requireNonNull(totals, "totals");
        if (tokens.size() > MAX_TOKENS) {
            throw new IllegalArgumentException("a model has at most " + MAX_TOKENS + " tokens, got " + tokens.size());
        }
        SortedMap<String, TokenCounts> copy = new TreeMap<>();
        tokens.forEach((token, counts) -> {
            TokenizedMessage.requireValidToken(token);
            if (counts.spam() > totals.spamMessages() || counts.ham() > totals.hamMessages()) {
                throw new IllegalArgumentException("token '" + token + "' counts " + counts
                    + ", more messages than the model's " + totals);
            }
            copy.put(token, counts);
        });
        tokens = Collections.unmodifiableSortedMap(copy);
    }

    public static BayesModel of(LearnedTotals totals, Map<String, TokenCounts> tokens) {
        return new BayesModel(totals, new TreeMap<>(tokens));
    }
}
