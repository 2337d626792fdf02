package io.cleanport.core.spam.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.MutableClock;

/** What every {@link TokenStore} does. */
public interface TokenStoreContract {
    Instant T0 = Instant.parse("2030-03-01T12:00:00Z");
    TokenizedMessage OFFER = message("cheap", "pills", "url:tld:ru", "subject:free");
    TokenizedMessage MEETING = message("agenda", "meeting", "subject:free");

    TokenStore store();

    /** A store over the same storage, reopened (new connection pool, schema migrated again). */
    TokenStore reopenedStore();

    /** The clock the store reads. */
    MutableClock clock();

    @BeforeEach
    default void emptyTheStore() {
        clock().set(T0);
        store().clear();
    }

    static TokenizedMessage message(String... tokens) {
        return TokenizedMessage.of(List.of(tokens));
    }

    @Test
    default void anEmptyStoreKnowsNothing() {
        assertThat(store().totals()).isEqualTo(LearnedTotals.NONE);
        assertThat(store().counts(OFFER.tokens())).isEmpty();
        assertThat(store().learnedAs(OFFER.key())).isEmpty();
    }

    @Test
    default void learningCountsEachTokenOncePerMessage() {
        assertThat(store().learn(OFFER, MessageClass.SPAM)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(store().learn(MEETING, MessageClass.HAM)).isEqualTo(LearnOutcome.LEARNED);

        assertThat(store().totals()).isEqualTo(new LearnedTotals(1, 1));
        assertThat(store().learnedAs(OFFER.key())).contains(MessageClass.SPAM);
        assertThat(store().learnedAs(MEETING.key())).contains(MessageClass.HAM);
        assertThat(store().counts(List.of("cheap", "subject:free", "agenda", "never-seen"))).isEqualTo(Map.of(
            "cheap", new TokenCounts(1, 0), "subject:free", new TokenCounts(1, 1), "agenda", new TokenCounts(0, 1)));
    }

    @Test
    default void learningAMessageAgainAsTheSameClassChangesNothing() {
        store().learn(OFFER, MessageClass.SPAM);

        assertThat(store().learn(message("subject:free", "url:tld:ru", "pills", "cheap"), MessageClass.SPAM))
            .isEqualTo(LearnOutcome.ALREADY_LEARNED);

        assertThat(store().totals()).isEqualTo(new LearnedTotals(1, 0));
        assertThat(store().counts(List.of("cheap"))).containsEntry("cheap", new TokenCounts(1, 0));
    }

    @Test
    default void learningAMessageAsTheOtherClassMovesIt() {
        store().learn(OFFER, MessageClass.SPAM);
        store().learn(MEETING, MessageClass.HAM);

        assertThat(store().learn(OFFER, MessageClass.HAM)).isEqualTo(LearnOutcome.MOVED);

        assertThat(store().totals()).isEqualTo(new LearnedTotals(0, 2));
        assertThat(store().learnedAs(OFFER.key())).contains(MessageClass.HAM);
        assertThat(store().counts(List.of("cheap", "subject:free", "agenda"))).isEqualTo(Map.of(
            "cheap", new TokenCounts(0, 1), "subject:free", new TokenCounts(0, 2), "agenda", new TokenCounts(0, 1)));

        assertThat(store().learn(OFFER, MessageClass.SPAM)).isEqualTo(LearnOutcome.MOVED);
        assertThat(store().totals()).isEqualTo(new LearnedTotals(1, 1));
        assertThat(store().counts(List.of("subject:free"))).containsEntry("subject:free", new TokenCounts(1, 1));
    }

    @Test
    default void forgettingTakesBackWhatLearningAdded() {
        store().learn(OFFER, MessageClass.SPAM);
        store().learn(MEETING, MessageClass.HAM);

        assertThat(store().forget(OFFER)).isTrue();

        assertThat(store().totals()).isEqualTo(new LearnedTotals(0, 1));
        assertThat(store().learnedAs(OFFER.key())).isEmpty();
        // Tokens no message carries any more are gone; shared ones keep the other message's count.
        assertThat(store().counts(OFFER.tokens())).isEqualTo(Map.of("subject:free", new TokenCounts(0, 1)));
        assertThat(store().forget(OFFER)).isFalse();
        assertThat(store().learn(OFFER, MessageClass.HAM)).isEqualTo(LearnOutcome.LEARNED);
    }

    @Test
    default void countsAreLookedUpForAFullMessageAndSkipWhatCannotBeAToken() {
        List<String> tokens = IntStream.range(0, TokenizedMessage.MAX_TOKENS).mapToObj(i -> "token-" + i).toList();
        store().learn(TokenizedMessage.of(tokens), MessageClass.HAM);
        List<String> wanted = new ArrayList<>(tokens);
        wanted.add("unknown");
        wanted.add("x".repeat(TokenizedMessage.MAX_TOKEN_LENGTH + 1));
        wanted.add("two words");

        Map<String, TokenCounts> counts = store().counts(wanted);

        assertThat(counts).hasSize(TokenizedMessage.MAX_TOKENS).containsEntry("token-2999", new TokenCounts(0, 1));
        assertThat(store().counts(List.of())).isEmpty();
    }

    @Test
    default void longAndNonAsciiTokensAreStoredAsTheyAre() {
        String longest = "url:host:" + "a".repeat(TokenizedMessage.MAX_TOKEN_LENGTH - 9);
        TokenizedMessage message = message(longest, "gr\u00fc\u00dfe", "\u4e2d\u6587\u5b57", "\ud83d\ude00\ud83d\ude00\ud83d\ude00");
        store().learn(message, MessageClass.SPAM);

        assertThat(store().counts(message.tokens())).hasSize(4).containsEntry(longest, new TokenCounts(1, 0));
    }

    @Test
    default void aModelIsImportedOnlyIntoAnEmptyStore() {
        BayesModel model = BayesModel.of(new LearnedTotals(500, 2500),
            Map.of("cheap", new TokenCounts(300, 5), "agenda", new TokenCounts(2, 400)));

        assertThat(store().importIfEmpty(model)).isTrue();
        assertThat(store().totals()).isEqualTo(new LearnedTotals(500, 2500));
        assertThat(store().counts(List.of("cheap", "agenda"))).isEqualTo(model.tokens());

        assertThat(store().importIfEmpty(model)).isFalse();
        assertThat(store().totals()).isEqualTo(new LearnedTotals(500, 2500));
        store().learn(OFFER, MessageClass.SPAM);
        assertThat(store().counts(List.of("cheap"))).containsEntry("cheap", new TokenCounts(301, 5));
    }

    @Test
    default void aStoreThatLearnedSomethingTakesNoModel() {
        store().learn(OFFER, MessageClass.SPAM);
        store().forget(OFFER);
        store().learn(MEETING, MessageClass.HAM);

        assertThat(store().importIfEmpty(BayesModel.of(new LearnedTotals(1, 1), Map.of()))).isFalse();
        assertThat(store().totals()).isEqualTo(new LearnedTotals(0, 1));
    }

    @Test
    default void purgeDeletesRareTokensNotSeenSinceOldestFirstAndBounded() {
        store().learn(message("old-a", "old-b", "shared"), MessageClass.SPAM);
        clock().advance(Duration.ofDays(1));
        store().learn(message("old-c", "shared"), MessageClass.HAM);
        clock().advance(Duration.ofDays(100));
        store().learn(message("recent"), MessageClass.HAM);
        Instant cutoff = T0.plus(Duration.ofDays(50));

        assertThat(store().purgeRareTokens(cutoff, 2)).isEqualTo(2);
        assertThat(store().counts(List.of("old-a", "old-b", "old-c"))).containsOnlyKeys("old-c");
        assertThat(store().purgeRareTokens(cutoff, 2)).isEqualTo(1);
        assertThat(store().purgeRareTokens(cutoff, 2)).isZero();

        assertThat(store().counts(List.of("shared", "recent"))).containsOnlyKeys("shared", "recent");
        assertThatThrownBy(() -> store().purgeRareTokens(cutoff, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void clearForgetsEverything() {
        store().learn(OFFER, MessageClass.SPAM);
        store().learn(MEETING, MessageClass.HAM);

        store().clear();

        assertThat(store().totals()).isEqualTo(LearnedTotals.NONE);
        assertThat(store().counts(List.of("cheap", "agenda"))).isEmpty();
        assertThat(store().learnedAs(OFFER.key())).isEmpty();
    }

    @Test
    default void whatWasLearnedSurvivesARestart() {
        store().learn(OFFER, MessageClass.SPAM);
        store().learn(MEETING, MessageClass.SPAM);
        store().learn(MEETING, MessageClass.HAM);

        TokenStore reopened = reopenedStore();

        assertThat(reopened.totals()).isEqualTo(new LearnedTotals(1, 1));
        assertThat(reopened.learnedAs(OFFER.key())).contains(MessageClass.SPAM);
        assertThat(reopened.learnedAs(MEETING.key())).contains(MessageClass.HAM);
        assertThat(reopened.counts(List.of("cheap", "subject:free"))).isEqualTo(Map.of(
            "cheap", new TokenCounts(1, 0), "subject:free", new TokenCounts(1, 1)));
        assertThat(reopened.learn(OFFER, MessageClass.SPAM)).isEqualTo(LearnOutcome.ALREADY_LEARNED);
    }

    @Test
    default void messagesLearnedAtOnceAreAllCounted() throws Exception {
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int t = thread;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // Shared tokens in every message, in the same and in other classes.
                        store().learn(message("shared", "shared-" + (i % 3), "own-" + t + "-" + i),
                            t % 2 == 0 ? MessageClass.SPAM : MessageClass.HAM);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store().totals()).isEqualTo(new LearnedTotals(20, 20));
        assertThat(store().counts(List.of("shared"))).containsEntry("shared", new TokenCounts(20, 20));
    }
}
