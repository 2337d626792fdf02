package io.cleanport.benchmarks.spam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.spam.BayesBands;
import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamEngine;
import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.SpamRules;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesSettings;
import io.cleanport.core.spam.bayes.InMemoryTokenStore;
import io.cleanport.core.spam.bayes.MessageClass;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.spam.bayes.TokenizedMessage;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * The spam filter's accuracy on a corpus, by k-fold cross-validation: each fold is scored by an engine whose
 * classifier learned the other folds only, so no message is scored by a classifier that learned it. Prints,
 * for each level, the spam caught and the false positives on easy and on hard ham; with SpamAssassin
 * installed, its result on the same folds (Bayes trained on the same training files) beside it.
 *
 * <pre>java -cp … io.cleanport.benchmarks.spam.SpamAccuracy CORPUS_TRAIN_DIR [FOLDS] [--no-spamassassin] [--sweep] [--dump FILE]</pre>
 * CORPUS_TRAIN_DIR holds {@code spam/}, {@code ham-easy/} and {@code ham-hard/} (../shared/corpus/prepare-train.sh).
 */
public final class SpamAccuracy {
    enum Kind {
        SPAM("spam"), EASY_HAM("ham-easy"), HARD_HAM("ham-hard");

        final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        boolean isSpam() {
            return this == SPAM;
        }
    }

    record Sample(Path file, Kind kind, int fold, SpamMessage message, TokenizedMessage tokens) {
    }

    private static final Pattern RETURN_PATH = Pattern.compile("<([^<>]*)>");

    private SpamAccuracy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SpamAccuracy CORPUS_TRAIN_DIR [FOLDS] [--no-spamassassin]");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        int folds = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 5;
        boolean spamAssassin = List.of(args).stream().noneMatch("--no-spamassassin"::equals);
        List<Sample> samples = load(corpus, folds);
        System.out.printf(Locale.ROOT, "corpus %s: %d spam, %d easy ham, %d hard ham; %d folds%n", corpus,
            count(samples, Kind.SPAM), count(samples, Kind.EASY_HAM), count(samples, Kind.HARD_HAM), folds);
        Map<Path, Verdict> verdicts = crossValidate(samples, folds);
        SpamThresholds thresholds = SpamThresholds.fromProperties(new Properties());
        System.out.println();
        System.out.println("| filter | level (threshold) | spam caught | false positives, easy ham | false positives, hard ham |");
        System.out.println("|---|---|---|---|---|");
        for (int level = 1; level <= 5; level++) {
            int at = level;
            Map<Kind, Integer> flagged = new EnumMap<>(Kind.class);
            for (Sample sample : samples) {
                if (thresholds.isSpamAt(verdicts.get(sample.file()), at)) {
                    flagged.merge(sample.kind(), 1, Integer::sum);
                }
            }
            System.out.println(row("CleanPort", "level " + level + " (" + thresholds.threshold(level) + ")", flagged, samples));
        }
        int dumpAt = List.of(args).indexOf("--dump");
        if (dumpAt >= 0 && dumpAt + 1 < args.length) {
            dump(samples, verdicts, Path.of(args[dumpAt + 1]));
        }
        if (List.of(args).contains("--sweep")) {
            sweep(samples, verdicts, thresholds);
        }
        if (spamAssassin) {
            compareWithSpamAssassin(samples, folds);
        }
    }

    /** For tuning the thresholds: what each candidate threshold would give at levels 1 to 4 (no composition rules). */
    private static void sweep(List<Sample> samples, Map<Path, Verdict> verdicts, SpamThresholds thresholds) {
        System.out.println();
        System.out.println("| threshold (levels 1-4) | spam caught | false positives, easy ham | false positives, hard ham |");
        System.out.println("|---|---|---|---|");
        for (double threshold = 1.0; threshold <= 14.0; threshold += 0.5) {
            Map<Kind, Integer> flagged = new EnumMap<>(Kind.class);
            for (Sample sample : samples) {
                if (thresholds.scoreAt(verdicts.get(sample.file()), 4) >= threshold) {
                    flagged.merge(sample.kind(), 1, Integer::sum);
                }
            }
            System.out.println(row("", String.valueOf(threshold), flagged, samples).substring(4));
        }
    }

    /** For tuning the weights: one line per message, its kind, fold and every hit with its points. */
    private static void dump(List<Sample> samples, Map<Path, Verdict> verdicts, Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Sample sample : samples) {
            Verdict verdict = verdicts.get(sample.file());
            String hits = String.join(" ", verdict.hits().stream()
                .map(hit -> hit.ruleId() + "=" + hit.score() + (hit.ruleId().startsWith("BAYES_") ? "@" + hit.evidence().split(" ")[0] : ""))
                .toList());
            String bayes = verdict.hits().stream().filter(hit -> hit.ruleId().startsWith("BAYES_")).map(RuleHit::evidence)
                .findFirst().orElse("");
            lines.add(sample.kind().folder + "\t" + sample.fold() + "\t" + sample.file().getFileName() + "\t" + hits
                + "\t" + bayes);
        }
        Files.write(out, lines);
    }

    static List<Sample> load(Path corpus, int folds) throws IOException {
        SpamMessageParser parser = new SpamMessageParser();
        SpamTokenizer tokenizer = new SpamTokenizer();
        List<Sample> samples = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Path> files;
            try (Stream<Path> listed = Files.list(corpus.resolve(kind.folder))) {
                files = listed.filter(Files::isRegularFile).sorted().toList();
            }
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                SpamMessage message = withEnvelopeOfReturnPath(parser.parse(Files.readAllBytes(file), SmtpEnvelope.unknown()));
                // round robin over the sorted files: every fold gets its share of each kind
                samples.add(new Sample(file, kind, i % folds, message, tokenizer.tokenize(message)));
            }
        }
        return samples;
    }

    /**
     * The message as the gateway would have seen it: a stored message's Return-Path is the MAIL FROM it was
     * delivered with, which the gateway knows from the SMTP session.
     */
    static SpamMessage withEnvelopeOfReturnPath(SpamMessage message) {
        Optional<String> sender = message.header("Return-Path").map(RETURN_PATH::matcher).filter(Matcher::find)
            .map(found -> found.group(1).strip()).filter(address -> address.contains("@"));
        return new SpamMessage(message.headers(), sender, message.client(), message.helo(), message.text(), message.html(),
            message.links(), message.parts(), message.structureProblems(), message.truncated(), message.hiddenText());
    }

    static Map<Path, Verdict> crossValidate(List<Sample> samples, int folds) {
        Map<Path, Verdict> verdicts = new java.util.HashMap<>();
        SpamRules rules = SpamRules.fromProperties(new Properties(), Clock.systemUTC());
        SpamThresholds thresholds = SpamThresholds.defaults();
        for (int fold = 0; fold < folds; fold++) {
            InMemoryTokenStore store = new InMemoryTokenStore(Clock.systemUTC());
            for (Sample sample : samples) {
                if (sample.fold() != fold) {
                    store.learn(sample.tokens(), sample.kind().isSpam() ? MessageClass.SPAM : MessageClass.HAM);
                }
            }
            SpamEngine engine = new SpamEngine(rules, new BayesClassifier(store, new SpamTokenizer(), BayesSettings.DEFAULTS),
                BayesBands.defaults(), thresholds);
            for (Sample sample : samples) {
                if (sample.fold() == fold) {
                    verdicts.put(sample.file(), engine.score(sample.message()));
                }
            }
        }
        return verdicts;
    }

    /** SpamAssassin on the same folds, its Bayes trained on the same training files, at its default 5.0. */
    private static void compareWithSpamAssassin(List<Sample> samples, int folds) throws Exception {
        if (!SpamAssassinRunner.available()) {
            System.out.println();
            System.out.println("(SpamAssassin is not installed: apt-get install spamassassin to compare)");
            return;
        }
        SpamAssassinRunner runner = SpamAssassinRunner.withDefaults();
        Map<Path, Double> scores = new java.util.HashMap<>();
        for (int fold = 0; fold < folds; fold++) {
            int at = fold;
            List<Path> spam = samples.stream().filter(s -> s.fold() != at && s.kind().isSpam()).map(Sample::file).toList();
            List<Path> ham = samples.stream().filter(s -> s.fold() != at && !s.kind().isSpam()).map(Sample::file).toList();
            List<Path> test = samples.stream().filter(s -> s.fold() == at).map(Sample::file).toList();
            scores.putAll(runner.score(new SpamAssassinRunner.Fold(spam, ham, test)));
            System.err.printf(Locale.ROOT, "SpamAssassin: fold %d of %d scored%n", fold + 1, folds);
        }
        Map<Kind, Integer> flagged = new EnumMap<>(Kind.class);
        for (Sample sample : samples) {
            if (scores.getOrDefault(sample.file(), 0.0) >= 5.0) {
                flagged.merge(sample.kind(), 1, Integer::sum);
            }
        }
        System.out.println(row("SpamAssassin " + "(Bayes, no network tests)", "required_score 5.0", flagged, samples));
    }

    static String row(String filter, String level, Map<Kind, Integer> flagged, List<Sample> samples) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", filter, level,
            share(flagged.getOrDefault(Kind.SPAM, 0), count(samples, Kind.SPAM)),
            share(flagged.getOrDefault(Kind.EASY_HAM, 0), count(samples, Kind.EASY_HAM)),
            share(flagged.getOrDefault(Kind.HARD_HAM, 0), count(samples, Kind.HARD_HAM)));
    }

    private static String share(int flagged, long of) {
        return String.format(Locale.ROOT, "%.2f %% (%d/%d)", of == 0 ? 0.0 : 100.0 * flagged / of, flagged, of);
    }

    static long count(List<Sample> samples, Kind kind) {
        return samples.stream().filter(sample -> sample.kind() == kind).count();
    }
}
