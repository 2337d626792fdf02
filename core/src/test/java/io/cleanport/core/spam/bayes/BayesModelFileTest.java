package io.cleanport.core.spam.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.MutableClock;

/** {@link ModelFile}, and {@link TrainModel} writing one from a corpus folder. */
class BayesModelFileTest {
    private static final BayesModel MODEL = BayesModel.of(new LearnedTotals(500, 2625), Map.of(
        "url:tld:ru", new TokenCounts(31, 2), "meeting", new TokenCounts(0, 140), "\u00fcberhaupt", new TokenCounts(3, 9)));

    @TempDir
    Path folder;

    private final InMemoryTokenStore store = new InMemoryTokenStore(new MutableClock(Instant.parse("2030-01-01T00:00:00Z")));

    @Test
    void aModelReadsBackAsWritten() throws IOException {
        Path file = folder.resolve("model.tsv.gz");

        ModelFile.write(MODEL, file);

        assertThat(ModelFile.read(file)).isEqualTo(MODEL);
        assertThat(gunzip(Files.readAllBytes(file))).isEqualTo("cleanport-bayes-model\t1\t500\t2625\n"
            + "meeting\t0\t140\nurl:tld:ru\t31\t2\n\u00fcberhaupt\t3\t9\n");
    }

    @Test
    void whatIsNotAModelIsRejectedWithItsLine() {
        assertRejected("spam-model\t1\t1\t1\n", "line 1");
        assertRejected("cleanport-bayes-model\t2\t1\t1\n", "version 1");
        assertRejected("cleanport-bayes-model\t1\t10\t10\ncheap\t3\n", "line 2");
        assertRejected("cleanport-bayes-model\t1\t10\t10\ncheap\t3\t-1\n", "line 2");
        assertRejected("cleanport-bayes-model\t1\t10\t10\ncheap\t3\t1\ncheap\t4\t1\n", "line 3: token 'cheap' repeated");
        assertRejected("cleanport-bayes-model\t1\t10\t10\ncheap\t11\t1\n", "more messages than");
        assertRejected("cleanport-bayes-model\t1\t10\t10\n" + "x".repeat(300) + "\t1\t1\n", "line 2: longer than");
        assertRejected("cleanport-bayes-model\t1\t10\t10\n" + "x".repeat(41) + "\t1\t1\n", "line 2: not a token");
        assertRejected("", "line 1");
    }

    private static void assertRejected(String content, String message) {
        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(gzip(content))))
            .isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    @Test
    void aModelIsImportedOnlyUntilSomethingIsLearned() throws IOException {
        Path file = folder.resolve("model.tsv.gz");
        ModelFile.write(MODEL, file);

        assertThat(ModelFile.importIfEmpty(store, file)).isTrue();
        assertThat(store.totals()).isEqualTo(MODEL.totals());
        assertThat(ModelFile.importIfEmpty(store, folder.resolve("not-even-read.tsv.gz"))).isFalse();
    }

    @Test
    void theDefaultModelIsImportedWhenTheBuildCarriesOne() throws IOException {
        boolean shipped = ModelFile.readDefault().isPresent();

        assertThat(ModelFile.importDefaultIfEmpty(store)).isEqualTo(shipped);
        assertThat(store.totals().isEmpty()).isEqualTo(!shipped);
    }

    @Test
    void theTrainerCountsEveryMessageOnceAndLeavesOutTokensSeenOnce() throws IOException {
        Path corpus = folder.resolve("corpus");
        for (int i = 0; i < 60; i++) {
            write(corpus.resolve("spam"), "s" + i + ".eml", SyntheticCorpus.spam(i));
        }
        for (int i = 0; i < 40; i++) {
            write(corpus.resolve("ham-easy"), "e" + i + ".eml", SyntheticCorpus.ham(i));
        }
        for (int i = 40; i < 60; i++) {
            write(corpus.resolve("ham-hard"), "h" + i + ".eml", SyntheticCorpus.ham(i));
        }
        // The same message twice counts once, as the store would.
        write(corpus.resolve("ham-hard"), "copy.eml", SyntheticCorpus.ham(41));
        write(corpus.resolve("spam"), "once.eml", SyntheticCorpus.message("Offer", "x@deals1.example.ru", "singular"));
        Path output = folder.resolve("default-model.tsv.gz");

        BayesModel model = TrainModel.train(corpus, PlainSpamMessages::parse, new SpamTokenizer());
        ModelFile.write(model, output);

        assertThat(model.totals()).isEqualTo(new LearnedTotals(61, 60));
        assertThat(model.tokens()).containsEntry("subject:offer", new TokenCounts(61, 0))
            .containsEntry("subject:notes", new TokenCounts(0, 60))
            .doesNotContainKey("singular");
        assertThat(model.tokens().values()).allMatch(counts -> counts.total() >= 2);
        assertThat(ModelFile.importIfEmpty(store, output)).isTrue();
        BayesClassifier classifier = new BayesClassifier(store, new SpamTokenizer(), BayesSettings.DEFAULTS);
        assertThat(classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(true, 5))).probability()).isGreaterThan(0.9);
        assertThat(classifier.classify(PlainSpamMessages.parse(SyntheticCorpus.unseen(false, 5))).probability()).isLessThan(0.1);
    }

    @Test
    void theTrainerSkipsWhatTheParserRejects() throws IOException {
        Path corpus = folder.resolve("corpus");
        write(corpus.resolve("spam"), "good.eml", SyntheticCorpus.spam(1));
        write(corpus.resolve("spam"), "bad.eml", "reject me");

        BayesModel model = TrainModel.train(corpus, raw -> {
            if (new String(raw, StandardCharsets.UTF_8).startsWith("reject")) {
                throw new IllegalArgumentException("not a message");
            }
            return PlainSpamMessages.parse(raw);
        }, new SpamTokenizer());

        assertThat(model.totals()).isEqualTo(new LearnedTotals(1, 0));
        assertThat(model.tokens()).isEmpty();
    }

    private static void write(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static String gunzip(byte[] content) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
