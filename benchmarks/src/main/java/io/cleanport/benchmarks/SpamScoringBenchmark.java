package io.cleanport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.spam.BayesBands;
import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamEngine;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.SpamRules;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesSettings;
import io.cleanport.core.spam.bayes.InMemoryTokenStore;
import io.cleanport.core.spam.bayes.JdbcTokenStore;
import io.cleanport.core.spam.bayes.MessageClass;
import io.cleanport.core.spam.bayes.ModelFile;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.spam.bayes.TokenStore;
import io.cleanport.core.spam.bayes.TokenizedMessage;
import io.cleanport.core.verdict.Verdict;

/**
 * The spam filter's cost per message over the training corpus (system property {@code cleanport.corpus}, the
 * {@code train/} folder of ../shared/corpus/prepare-train.sh), one message after the other in a loop:
 * {@code score} parses and scores (rules and classifier with the default model, no DNS checks), against the
 * baseline {@code parse} (the parse alone) in the same run; sampled, so JMH reports the median and p99.
 * {@code score} reads the token counts from an in-memory table, {@code scoreDerby} from the product's store
 * (embedded Derby in a temporary folder, the default model imported), as the gateway does.
 * {@code learn} is the learning throughput into an in-memory token table, the baseline of
 * {@code learnDerby}, learning into the Derby store (one transaction per message, durable commits). The
 * messages alternate spam and ham; after one pass over the corpus they come back as the other class, so
 * the Derby store also moves learned messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class SpamScoringBenchmark {
    private final SpamMessageParser parser = new SpamMessageParser();
    private final SpamTokenizer tokenizer = new SpamTokenizer();
    private List<byte[]> messages;
    private SpamEngine engine;
    private SpamEngine derbyEngine;
    private InMemoryTokenStore learning;
    private TokenStore derbyLearning;
    private Path folder;
    private Database database;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path corpus = Path.of(System.getProperty("cleanport.corpus", "../corpus/train"));
        messages = new ArrayList<>();
        for (String folder : List.of("spam", "ham-easy", "ham-hard")) {
            try (Stream<Path> files = Files.list(corpus.resolve(folder))) {
                for (Path file : files.sorted().toList()) {
                    messages.add(Files.readAllBytes(file));
                }
            }
        }
        InMemoryTokenStore store = new InMemoryTokenStore(Clock.systemUTC());
        if (!ModelFile.importDefaultIfEmpty(store)) {
            throw new IllegalStateException("the default spam model is not on the class path");
        }
        engine = engine(store);
        learning = new InMemoryTokenStore(Clock.systemUTC());

        folder = Files.createTempDirectory("spam-bench");
        database = Database.open(DatabaseConfig.of("jdbc:derby:" + folder.resolve("db") + ";create=true", null, null, 4));
        TokenStore derby = new JdbcTokenStore(database, Clock.systemUTC());
        ModelFile.importDefaultIfEmpty(derby);
        derbyEngine = engine(derby);
        derbyLearning = derby;
    }

    private SpamEngine engine(TokenStore store) {
        return new SpamEngine(SpamRules.defaults(), new BayesClassifier(store, tokenizer, BayesSettings.DEFAULTS),
            BayesBands.defaults(), SpamThresholds.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private byte[] nextMessage() {
        byte[] message = messages.get(next);
        next = (next + 1) % messages.size();
        return message;
    }

    @Benchmark
    public Object parse() {
        return parser.parse(nextMessage(), SmtpEnvelope.unknown());
    }

    @Benchmark
    public Verdict score() {
        return engine.score(parser.parse(nextMessage(), SmtpEnvelope.unknown()));
    }

    @Benchmark
    public Verdict scoreDerby() {
        return derbyEngine.score(parser.parse(nextMessage(), SmtpEnvelope.unknown()));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object learn() {
        return learnInto(learning);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object learnDerby() {
        return learnInto(derbyLearning);
    }

    private Object learnInto(TokenStore store) {
        int index = next;
        TokenizedMessage tokens = tokenizer.tokenize(parser.parse(nextMessage(), SmtpEnvelope.unknown()));
        return store.learn(tokens, index % 2 == 0 ? MessageClass.SPAM : MessageClass.HAM);
    }
}
