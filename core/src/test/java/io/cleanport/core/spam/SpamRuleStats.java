package io.cleanport.core.spam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.cleanport.core.verdict.RuleHit;

/**
 * Development tool, not a test: prints how often each spam rule hits the messages of a training corpus, per
 * set (spam, easy ham, hard ham), to choose default scores. Each set is a folder of raw RFC 822 files; the
 * envelope sender is taken from Return-Path, as the final delivery recorded it.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) io.cleanport.core.spam.SpamRuleStats \
 *     /work/corpus/train [RULE_ID set]
 * </pre>
 * With a rule id and a set name, also prints the evidence of that rule's hits in that set.
 */
public final class SpamRuleStats {
    private static final List<String> SETS = List.of("spam", "ham-easy", "ham-hard");

    private SpamRuleStats() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Paths.get(args.length > 0 ? args[0] : "/work/corpus/train");
        String shownRule = args.length > 2 ? args[1] : null;
        String shownSet = args.length > 2 ? args[2] : null;
        SpamMessageParser parser = new SpamMessageParser();
        SpamRules rules = SpamRules.defaults();
        Map<String, Map<String, Integer>> hits = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, List<Double>> totals = new LinkedHashMap<>();
        for (String set : SETS) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(corpus.resolve(set))) {
                files = listing.filter(Files::isRegularFile).sorted().toList();
            }
            sizes.put(set, files.size());
            List<Double> scores = new ArrayList<>();
            for (Path file : files) {
                byte[] raw = Files.readAllBytes(file);
                SpamMessage message = parser.parse(raw, SmtpEnvelope.unknown());
                Optional<String> returnPath = message.header("Return-Path").flatMap(MailHeaders::address);
                message = parser.parse(raw, new SmtpEnvelope(returnPath, Optional.empty(), Optional.empty()));
                double total = 0;
                for (RuleHit hit : rules.evaluate(message)) {
                    hits.computeIfAbsent(hit.ruleId(), id -> new LinkedHashMap<>()).merge(set, 1, Integer::sum);
                    total += rules.isComposition(hit.ruleId()) ? 0 : hit.score();
                    if (hit.ruleId().equals(shownRule) && set.equals(shownSet)) {
                        System.out.println(file.getFileName() + ": " + hit.evidence());
                    }
                }
                scores.add(total);
            }
            totals.put(set, scores);
        }
        System.out.printf(Locale.ROOT, "%-26s %6s %5s %8s %9s %9s%n", "rule", "score", "comp", "spam", "ham-easy", "ham-hard");
        for (SpamRule rule : rules.rules()) {
            Map<String, Integer> counts = hits.getOrDefault(rule.id(), Map.of());
            System.out.printf(Locale.ROOT, "%-26s %6.1f %5s", rule.id(), rules.score(rule.id()), rule.composition() ? "yes" : "");
            for (String set : SETS) {
                System.out.printf(Locale.ROOT, " %8.1f%%", 100.0 * counts.getOrDefault(set, 0) / sizes.get(set));
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%nmessages: %s%n", sizes);
        for (double threshold : new double[] {2, 3, 4, 5, 6}) {
            System.out.printf(Locale.ROOT, "rule score (without composition) >= %.0f:", threshold);
            for (String set : SETS) {
                long above = totals.get(set).stream().filter(score -> score >= threshold).count();
                System.out.printf(Locale.ROOT, " %s %.1f%%", set, 100.0 * above / sizes.get(set));
            }
            System.out.println();
        }
    }
}
