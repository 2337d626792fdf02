package io.cleanport.benchmarks.spam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A developer's check of {@link SpamAssassinRunner}: k folds over a corpus laid out as
 * {@code spam/}, {@code ham-easy/} and {@code ham-hard/}, printing each fold's time and how many messages
 * of each class reach SpamAssassin's default threshold of 5. Folds are simple here (sorted files, the
 * i-th to fold i mod k); the accuracy harness brings its own.
 *
 * <pre>
 * java -cp benchmarks/target/classes io.cleanport.benchmarks.spam.SpamAssassinFoldTiming \
 *     [--folds 5] [--limit N per class] [--workers W] [/work/corpus/train]
 * </pre>
 * Exits 0 without running when SpamAssassin is not installed, 1 when a message got no score.
 */
public final class SpamAssassinFoldTiming {
    private static final List<String> CLASSES = List.of("spam", "ham-easy", "ham-hard");
    private static final double THRESHOLD = 5.0;

    private SpamAssassinFoldTiming() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int folds = 5;
        int limit = Integer.MAX_VALUE;
        SpamAssassinRunner runner = SpamAssassinRunner.withDefaults();
        Path corpus = Path.of("/work/corpus/train");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--workers" -> runner = runner.withWorkers(Integer.parseInt(args[++i]));
                default -> corpus = Path.of(args[i]);
            }
        }
        if (!SpamAssassinRunner.available()) {
            System.out.println("SpamAssassin is not installed (spamd, spamc, sa-learn): skipped");
            return;
        }
        List<List<Path>> byClass = new ArrayList<>();
        for (String name : CLASSES) {
            try (Stream<Path> files = Files.list(corpus.resolve(name))) {
                byClass.add(files.filter(Files::isRegularFile).sorted().limit(limit).toList());
            }
        }
        long total = System.nanoTime();
        int missing = 0;
        for (int fold = 0; fold < folds; fold++) {
            List<Path> spam = new ArrayList<>();
            List<Path> ham = new ArrayList<>();
            List<Path> test = new ArrayList<>();
            for (int c = 0; c < CLASSES.size(); c++) {
                List<Path> files = byClass.get(c);
                for (int i = 0; i < files.size(); i++) {
                    (i % folds == fold ? test : c == 0 ? spam : ham).add(files.get(i));
                }
            }
            long start = System.nanoTime();
            Map<Path, Double> scores = runner.score(new SpamAssassinRunner.Fold(spam, ham, test));
            StringBuilder line = new StringBuilder(String.format("fold %d/%d: learnt %d spam + %d ham, scored %d in %.1f s;",
                fold + 1, folds, spam.size(), ham.size(), scores.size(), (System.nanoTime() - start) / 1e9));
            for (int c = 0; c < CLASSES.size(); c++) {
                Path dir = corpus.resolve(CLASSES.get(c));
                List<Double> classScores = test.stream().filter(p -> p.startsWith(dir)).map(scores::get).toList();
                long atThreshold = classScores.stream().filter(s -> s != null && s >= THRESHOLD).count();
                line.append(String.format(" %s %d/%d >= %.0f", CLASSES.get(c), atThreshold, classScores.size(), THRESHOLD));
            }
            missing += test.size() - scores.size();
            System.out.println(line);
        }
        System.out.printf("%d folds in %.1f s%n", folds, (System.nanoTime() - total) / 1e9);
        if (missing > 0) {
            System.out.println(missing + " messages got no score");
            System.exit(1);
        }
    }
}
