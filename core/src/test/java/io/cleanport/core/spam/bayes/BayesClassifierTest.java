package io.cleanport.core.spam.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.MutableClock;

class BayesClassifierTest {
    private final InMemoryTokenStore store = new InMemoryTokenStore(new MutableClock(Instant.parse("2030-01-01T00:00:00Z")));
    private final SpamTokenizer tokenizer = new SpamTokenizer();
    private final BayesClassifier classifier = new BayesClassifier(store, tokenizer, BayesSettings.DEFAULTS);

    private void learnCorpus(int spam, int ham) {
        IntStream.range(0, spam).forEach(i -> store.learn(tokens(SyntheticCorpus.spam(i)), MessageClass.SPAM));
        IntStream.range(0, ham).forEach(i -> store.learn(tokens(SyntheticCorpus.ham(i)), MessageClass.HAM));
    }

    private TokenizedMessage tokens(String raw) {
        return tokenizer.tokenize(PlainSpamMessages.parse(raw));
    }

    @Test
    void aTrainedClassifierSeparatesSpamFromHamItNeverSaw() {
        learnCorpus(60, 80);

        for (int i = 0; i < 10; i++) {
            BayesResult spam = classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(true, i)));
            BayesResult ham = classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(false, i)));

            assertThat(spam.probability()).as("spam %d: %s", i, spam).isGreaterThan(0.9);
            assertThat(ham.probability()).as("ham %d: %s", i, ham).isLessThan(0.1);
            assertThat(spam.learnedEnough()).isTrue();
            assertThat(spam.evidence()).isNotEmpty().allSatisfy(evidence -> assertThat(evidence.spamProbability()).isGreaterThan(0.6));
        }
    }

    @Test
    void evidenceIsTheStrongestTokensStrongestFirst() {
        learnCorpus(60, 80);

        BayesResult result = classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(true, 1)));

        assertThat(result.evidence()).hasSizeLessThanOrEqualTo(BayesSettings.DEFAULTS.explainedTokens());
        assertThat(result.tokensUsed()).isGreaterThanOrEqualTo(result.evidence().size());
        List<Double> deviations = result.evidence().stream().map(e -> Math.abs(e.spamProbability() - 0.5)).toList();
        assertThat(deviations).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(result.evidence()).extracting(BayesResult.TokenEvidence::token).doesNotContain("hello", "regards");
    }

    @Test
    void learningAMessageAsSpamThenAsHamMovesItsWeight() {
        learnCorpus(60, 80);
        TokenizedMessage message = tokens(SyntheticCorpus.unseen(true, 3));
        Map<String, TokenCounts> before = store.counts(message.tokens());
        double unlearned = classifier.classify(message).probability();

        assertThat(store.learn(message, MessageClass.SPAM)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(store.learn(message, MessageClass.SPAM)).isEqualTo(LearnOutcome.ALREADY_LEARNED);
        assertThat(store.counts(message.tokens())).isEqualTo(plusOne(message, before, MessageClass.SPAM));
        double asSpam = classifier.classify(message).probability();

        assertThat(store.learn(message, MessageClass.HAM)).isEqualTo(LearnOutcome.MOVED);
        assertThat(store.counts(message.tokens())).isEqualTo(plusOne(message, before, MessageClass.HAM));
        assertThat(store.totals()).isEqualTo(new LearnedTotals(60, 81));
        assertThat(classifier.classify(message).probability()).isLessThan(asSpam);

        assertThat(store.forget(message)).isTrue();
        assertThat(store.counts(message.tokens())).isEqualTo(before);
        assertThat(store.totals()).isEqualTo(new LearnedTotals(60, 80));
        assertThat(classifier.classify(message).probability()).isEqualTo(unlearned);
    }

    private static Map<String, TokenCounts> plusOne(TokenizedMessage message, Map<String, TokenCounts> counts,
                                                    MessageClass messageClass) {
        Map<String, TokenCounts> expected = new HashMap<>();
        for (String token : message.tokens()) {
            TokenCounts old = counts.getOrDefault(token, TokenCounts.NONE);
            expected.put(token, messageClass == MessageClass.SPAM ? new TokenCounts(old.spam() + 1, old.ham())
                : new TokenCounts(old.spam(), old.ham() + 1));
        }
        return expected;
    }

    @Test
    void tooFewLearnedMessagesAreSaid() {
        learnCorpus(49, 80);

        BayesResult result = classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(true, 1)));

        assertThat(result.learnedEnough()).isFalse();
        assertThat(result.probability()).isBetween(0.0, 1.0);
    }

    @Test
    void anEmptyStoreHasNoOpinion() {
        BayesResult result = classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(true, 1)));

        assertThat(result).isEqualTo(new BayesResult(0.5, 0, List.of(), false));
    }

    @Test
    void robinsonsProbabilityWeighsTheCountsAgainstTheAssumedProbability() {
        LearnedTotals balanced = new LearnedTotals(10, 10);

        // f = (s·x + n·p) / (s + n) with s = 0.45 and x = 0.5
        assertThat(classifier.spamProbability(new TokenCounts(3, 0), balanced)).isCloseTo(3.225 / 3.45, within(1e-12));
        assertThat(classifier.spamProbability(new TokenCounts(0, 3), balanced)).isCloseTo(0.225 / 3.45, within(1e-12));
        assertThat(classifier.spamProbability(new TokenCounts(2, 2), balanced)).isCloseTo(0.5, within(1e-12));
        // One spam in 10 against one ham in 100: p = 0.1 / 0.11, f = (0.225 + 2p) / 2.45.
        double p = 0.1 / 0.11;
        assertThat(classifier.spamProbability(new TokenCounts(1, 1), new LearnedTotals(10, 100)))
            .isCloseTo((0.225 + 2 * p) / 2.45, within(1e-12));
    }

    @Test
    void tokensSeenOnceOrNearTheMiddleAreNotEvidence() {
        store.importIfEmpty(BayesModel.of(new LearnedTotals(100, 100), Map.of(
            "once", new TokenCounts(1, 0), "even", new TokenCounts(40, 35), "strong", new TokenCounts(30, 0))));

        BayesResult result = classifier.classify(TokenizedMessage.of(List.of("once", "even", "strong")));

        assertThat(result.tokensUsed()).isEqualTo(1);
        assertThat(result.evidence()).extracting(BayesResult.TokenEvidence::token).containsExactly("strong");
        assertThat(result.probability()).isGreaterThan(0.9);
    }

    @Test
    void atMostTheConfiguredNumberOfTokensAreCombined() {
        Map<String, TokenCounts> counts = new HashMap<>();
        IntStream.range(0, 400).forEach(i -> counts.put("spammy-" + i, new TokenCounts(20 + i % 7, 0)));
        store.importIfEmpty(BayesModel.of(new LearnedTotals(100, 100), counts));

        BayesResult result = classifier.classify(TokenizedMessage.of(counts.keySet()));

        assertThat(result.tokensUsed()).isEqualTo(150);
        assertThat(result.evidence().get(0).counts().spam()).isEqualTo(26);
        assertThat(result.probability()).isGreaterThan(0.99);
    }

    @Test
    void theChiSquareSurvivalFunctionMatchesItsClosedForms() {
        assertThat(BayesClassifier.chiSquareSurvival(0, 2)).isEqualTo(1.0);
        assertThat(BayesClassifier.chiSquareSurvival(2, 2)).isCloseTo(Math.exp(-1), within(1e-12));
        assertThat(BayesClassifier.chiSquareSurvival(4, 4)).isCloseTo(3 * Math.exp(-2), within(1e-12));
        assertThat(BayesClassifier.chiSquareSurvival(3000, 300)).isZero();
    }
}
