package io.cleanport.core.spam.bayes;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;


/**
 * A {@link TokenStore} in memory: nothing survives the process. For the accuracy harness, benchmarks and
 * tests, where each cross-validation fold trains its own classifier. Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final Clock clock;
    private final Map<String, Row> tokens = new HashMap<>();
    private final Map<MessageKey, MessageClass> messages = new HashMap<>();
    private LearnedTotals totals = LearnedTotals.NONE;

    public InMemoryTokenStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Row(TokenCounts counts, Instant lastSeen) {
    }

    @Override
    public synchronized LearnedTotals totals() {
        return totals;
    }

    @Override
    public synchronized Map<String, TokenCounts> counts(Collection<String> wanted) {
        Map<String, TokenCounts> found = new HashMap<>();
        for (String token : wanted) {
            Row row = tokens.get(token);
            if (row != null) {
                found.put(token, row.counts());
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<MessageClass> learnedAs(MessageKey key) {
        return Optional.ofNullable(messages.get(key));
    }

    @Override
    public synchronized LearnOutcome learn(TokenizedMessage message, MessageClass messageClass) {
        Objects.requireNonNull(messageClass, "messageClass");
        MessageClass learned = messages.get(message.key());
        if (learned == messageClass) {
            return LearnOutcome.ALREADY_LEARNED;
        }
        if (learned != null) {
            subtract(message, learned);
        }
        Instant now = clock.instant();
        for (String token : message.tokens()) {
            TokenCounts counts = Optional.ofNullable(tokens.get(token)).map(Row::counts).orElse(TokenCounts.NONE);
            tokens.put(token, new Row(plus(counts, messageClass, 1), now));
        }
        messages.put(message.key(), messageClass);
        totals = plus(totals, messageClass, 1);
        if (learned != null) {
            totals = plus(totals, learned, -1);
        }
        return learned == null ? LearnOutcome.LEARNED : LearnOutcome.MOVED;
    }

    @Override
    public synchronized boolean forget(TokenizedMessage message) {
        MessageClass learned = messages.remove(message.key());
        if (learned == null) {
            return false;
        }
        subtract(message, learned);
        message.tokens().forEach(token -> tokens.computeIfPresent(token, (t, row) -> row.counts().total() == 0 ? null : row));
        totals = plus(totals, learned, -1);
        return true;
    }

    private void subtract(TokenizedMessage message, MessageClass messageClass) {
        message.tokens().forEach(token -> tokens.computeIfPresent(token, (t, row) -> row.counts().of(messageClass) == 0 ? row
            : new Row(plus(row.counts(), messageClass, -1), row.lastSeen())));
    }

    @Override
    public synchronized boolean importIfEmpty(BayesModel model) {
        if (!totals.isEmpty() || !tokens.isEmpty() || !messages.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        model.tokens().forEach((token, counts) -> tokens.put(token, new Row(counts, now)));
        totals = model.totals();
        return true;
    }

    @Override
    public synchronized int purgeRareTokens(Instant seenBefore, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        List<String> rare = tokens.entrySet().stream()
            .filter(entry -> entry.getValue().lastSeen().isBefore(seenBefore) && entry.getValue().counts().total() <= 1)
            .sorted(Comparator.comparing((Map.Entry<String, Row> entry) -> entry.getValue().lastSeen()).thenComparing(Map.Entry::getKey))
            .limit(maxTokens).map(Map.Entry::getKey).toList();
        rare.forEach(tokens::remove);
        return rare.size();
    }

    @Override
    public synchronized void clear() {
        tokens.clear();
        messages.clear();
        totals = LearnedTotals.NONE;
    }

    private static TokenCounts plus(TokenCounts counts, MessageClass messageClass, int delta) {
        return messageClass == MessageClass.SPAM ? new TokenCounts(counts.spam() + delta, counts.ham())
            : new TokenCounts(counts.spam(), counts.ham() + delta);
    }

    private static LearnedTotals plus(LearnedTotals totals, MessageClass messageClass, int delta) {
        return messageClass == MessageClass.SPAM ? new LearnedTotals(totals.spamMessages() + delta, totals.hamMessages())
            : new LearnedTotals(totals.spamMessages(), totals.hamMessages() + delta);
    }
}
