package io.cleanport.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesResult;
import io.cleanport.core.spam.bayes.BayesSettings;
import io.cleanport.core.spam.bayes.InMemoryTokenStore;
import io.cleanport.core.spam.bayes.LearnOutcome;
import io.cleanport.core.spam.bayes.MessageClass;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/** The engine and the learner over the real parser, rules and an in-memory classifier. */
class SpamEngineTest {
    private static final List<String> SPAMMY = List.of("casino", "jackpot", "winner", "lottery", "bonus", "claim", "prize",
        "cheap", "pills", "discount", "unsubscribe", "guaranteed");
    private static final List<String> HAMMY = List.of("meeting", "agenda", "project", "review", "lunch", "report",
        "minutes", "budget", "draft", "schedule", "colleague", "deadline");

    private InMemoryTokenStore store;
    private SpamLearner learner;
    private SpamEngine engine;

    @BeforeEach
    void setUp() {
        store = new InMemoryTokenStore(SpamTestMessages.CLOCK);
        learner = new SpamLearner(new SpamMessageParser(), new SpamTokenizer(), store);
        engine = new SpamEngine(SpamTestMessages.RULES, new BayesClassifier(store, new SpamTokenizer(), BayesSettings.DEFAULTS),
            BayesBands.defaults(), SpamThresholds.defaults());
    }

    private static byte[] message(List<String> words, int seed) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            body.append(words.get(random.nextInt(words.size()))).append(' ');
        }
        return SpamTestMessages.plain("", body + "\n").replace("Lunch on Friday", "Note " + seed)
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    private void train() {
        for (int i = 0; i < 60; i++) {
            learner.learn(MessageClass.SPAM, message(SPAMMY, i));
            learner.learn(MessageClass.HAM, message(HAMMY, 1000 + i));
        }
    }

    private Verdict score(byte[] raw) {
        return engine.score(new SpamMessageParser().parse(raw, SmtpEnvelope.unknown()));
    }

    @Test
    void anUntrainedClassifierAddsNothingAndAnOrdinaryMessageIsClean() {
        Verdict verdict = score(message(SPAMMY, 5000));

        assertThat(verdict.category()).isEqualTo(Category.CLEAN);
        assertThat(verdict.hits()).noneMatch(hit -> hit.ruleId().startsWith("BAYES_"));
    }

    @Test
    void aTrainedClassifierMakesSpamSpamAndHamClean() {
        train();

        Verdict spam = score(message(SPAMMY, 7000));
        Verdict ham = score(message(HAMMY, 8000));

        assertThat(spam.hits()).extracting(RuleHit::ruleId).anyMatch(id -> id.startsWith("BAYES_99"));
        assertThat(spam.category()).isEqualTo(Category.SPAM);
        assertThat(spam.hits().stream().filter(hit -> hit.ruleId().startsWith("BAYES_99")).findFirst().orElseThrow().evidence())
            .startsWith("p=");
        assertThat(ham.hits()).extracting(RuleHit::ruleId).contains("BAYES_00");
        assertThat(ham.category()).isEqualTo(Category.CLEAN);
        assertThat(ham.score()).isNegative();
    }

    @Test
    void learningAMessageAsHamAfterSpamMovesIt() {
        train();
        byte[] raw = message(SPAMMY, 9000);

        assertThat(learner.learn(MessageClass.SPAM, raw)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(learner.learn(MessageClass.SPAM, raw)).isEqualTo(LearnOutcome.ALREADY_LEARNED);
        long spamBefore = store.totals().spamMessages();
        assertThat(learner.learn(MessageClass.HAM, raw)).isEqualTo(LearnOutcome.MOVED);

        assertThat(store.totals().spamMessages()).isEqualTo(spamBefore - 1);
    }

    @Test
    void bandsFollowTheProbabilityAndCanBeRescored() {
        BayesBands bands = BayesBands.fromProperties(props("spam.rule.BAYES_99.score", "6.5"));

        assertThat(bands.hit(result(0.995, true))).hasValueSatisfying(hit -> {
            assertThat(hit.ruleId()).isEqualTo("BAYES_99");
            assertThat(hit.score()).isEqualTo(6.5);
        });
        assertThat(bands.hit(result(0.5, true)).orElseThrow().ruleId()).isEqualTo("BAYES_50");
        assertThat(bands.hit(result(0.001, true)).orElseThrow().score()).isNegative();
        assertThat(bands.hit(result(0.999, false))).isEmpty();
        assertThatThrownBy(() -> BayesBands.fromProperties(props("spam.rule.BAYES_80.score", "lots")))
            .hasMessageStartingWith("spam.rule.BAYES_80.score: ");
    }

    private static BayesResult result(double probability, boolean learnedEnough) {
        return new BayesResult(probability, 10, List.of(), learnedEnough);
    }

    private static Properties props(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
