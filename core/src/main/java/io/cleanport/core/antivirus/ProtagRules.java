package io.cleanport.core.antivirus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;

/**
 * ProTAG's heuristics: the {@link FileRule}s run on every file of a message (attachments and archive
 * members at any depth), plus the password given beside an encrypted archive. Each hit is weighted;
 * a message whose hits add up to the threshold carries a virus, named after its strongest rule
 * ({@code ProTAG.DoubleExtension}).
 *
 * <p>Weights and the threshold are configuration ({@code antivirus.rule.<ID>.score},
 * {@code antivirus.threshold}); a rule counts once per file. Immutable and thread-safe.
 */
public final class ProtagRules {
    /** A message whose ProTAG hits add up to this carries a virus. */
    public static final double DEFAULT_THRESHOLD = 5;
    /** Files judged per message; the walk's archive limits already bound them, this bounds the rules' work. */
    static final int MAX_FILES = 20_000;

    /**
     * "password: x7Gq", "Passwort ist 1234", "mot de passe : …", "the code is 0815": a password word, an
     * optional "is"/colon, then a token. RE2/J: linear time on any text.
     */
    private static final Pattern PASSWORD = Pattern.compile("(?i)\\b(password|passwort|kennwort|passcode|pass ?word"
        + "|pwd|mot de passe|contrase(?:ñ|n)a|wachtwoord|senha|parola d'ordine|has(?:ł|l)o|пароль|archive code|zip code)"
        + "\\s*(?:is|ist|est|es|:|=|-)?\\s*[:=]?\\s*(\\S{3,64})");

    private final List<FileRule> rules;
    private final Map<String, Rule> weighted;
    private final double threshold;
    private final Rule passwordRule;

    /**
     * @param rules     the file rules, in the order their hits are reported
     * @param weights   scores replacing rules' default weights, by rule id
     * @param threshold the sum of scores from which a message carries a virus, more than 0
     * @throws IllegalArgumentException when the threshold is not positive or a weight names no rule
     */
    public ProtagRules(List<FileRule> rules, Map<String, Double> weights, double threshold) {
        this.rules = List.copyOf(rules);
        if (!(threshold > 0) || threshold > RuleHit.MAX_SCORE) {
            throw new IllegalArgumentException("antivirus.threshold: " + threshold + " must be more than 0 and at most "
                + RuleHit.MAX_SCORE);
        }
        this.threshold = threshold;
        Map<String, Rule> byId = new HashMap<>();
        for (FileRule rule : this.rules) {
            byId.put(rule.rule().id(), rule.rule());
        }
        byId.put(EncryptedArchiveRule.PASSWORD_IN_TEXT.id(), EncryptedArchiveRule.PASSWORD_IN_TEXT);
        byId.put(HtmlSmugglingInspector.RULE.id(), HtmlSmugglingInspector.RULE);
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            Rule rule = byId.get(weight.getKey());
            if (rule == null) {
                throw new IllegalArgumentException("antivirus.rule." + weight.getKey() + ".score: there is no such rule; rules are "
                    + new java.util.TreeSet<>(byId.keySet()));
            }
            byId.put(rule.id(), rule.withScore(weight.getValue()));
        }
        this.weighted = Map.copyOf(byId);
        this.passwordRule = weighted.get(EncryptedArchiveRule.PASSWORD_IN_TEXT.id());
    }

    /** The rules of this version of ProTAG, with their default weights and threshold. */
    public static ProtagRules defaults() {
        return new ProtagRules(standardRules(), Map.of(), DEFAULT_THRESHOLD);
    }

    /** Every file rule ProTAG has; adding a rule is adding its class here. */
    public static List<FileRule> standardRules() {
        return List.of(new ExecutableFileRule(), new DangerousExtensionRule(), new DoubleExtensionRule(),
            new BidiFileNameRule(), new ArchivedExecutableRule(), new MacroDocumentRule(), new DisguisedFileTypeRule(),
            new EncryptedArchiveRule());
    }

    public double threshold() {
        return threshold;
    }

    /** The rule as configured (its weight may differ from the default), by id. */
    public Optional<Rule> rule(String id) {
        return Optional.ofNullable(weighted.get(id));
    }

    /**
     * Runs the rules on every file of {@code facts}.
     *
     * @param files         the message's files, {@link CarriedFile#all} of {@code facts} (computed once per scan)
     * @param htmlSmuggling the HTML smuggling hits of the walk with the files they concern (the
     *                      inspector reads content during the walk; its weight is applied here)
     */
    public Judgement judge(MessageFacts facts, List<CarriedFile> files, List<Flag> htmlSmuggling) {
        List<Flag> flags = new ArrayList<>();
        boolean encryptedArchive = false;
        for (CarriedFile file : files.subList(0, Math.min(files.size(), MAX_FILES))) {
            for (FileRule rule : rules) {
                Optional<String> evidence = rule.check(file);
                if (evidence.isPresent()) {
                    Rule configured = weighted.get(rule.rule().id());
                    flags.add(new Flag(configured.hit(evidence.get()), rule.family(), Optional.of(file)));
                    encryptedArchive |= rule instanceof EncryptedArchiveRule;
                }
            }
        }
        if (encryptedArchive) {
            Matcher matcher = PASSWORD.matcher(facts.text());
            if (matcher.find()) {
                CarriedFile archive = files.stream().filter(f -> f.file().encrypted()
                    && f.file().family().isKindOf(FileFamily.ARCHIVE)).findFirst().orElseThrow();
                flags.add(new Flag(passwordRule.hit("the text gives a password ('" + matcher.group(1) + " "
                    + masked(matcher.group(2)) + "') beside " + archive.describe()), "EncryptedArchive", Optional.of(archive)));
            }
        }
        for (Flag flag : htmlSmuggling) {
            Rule configured = weighted.get(HtmlSmugglingInspector.RULE.id());
            flags.add(new Flag(configured.hit(flag.hit().evidence()), flag.family(), flag.file()));
        }
        return new Judgement(flags, threshold);
    }

    /** A password shown by its first character only: the evidence must not hand it to every reader. */
    private static String masked(String password) {
        return password.charAt(0) + "*".repeat(Math.min(password.length() - 1, 8));
    }

    /**
     * One rule that hit one file.
     *
     * @param hit    the rule hit, with its configured score and evidence
     * @param family the family of a virus this hit names
     * @param file   the file concerned, when the rule concerns one
     */
    public record Flag(RuleHit hit, String family, Optional<CarriedFile> file) {
        public Flag {
            Objects.requireNonNull(hit, "hit");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * What the rules found in one message.
     *
     * @param flags     every hit, one per rule and file
     * @param threshold the score from which the message carries a virus
     */
    public record Judgement(List<Flag> flags, double threshold) {
        public Judgement {
            flags = List.copyOf(flags);
        }

        /** The sum of the scores, each rule counted once per message (its strongest hit). */
        public double score() {
            Map<String, Double> byRule = new HashMap<>();
            for (Flag flag : flags) {
                byRule.merge(flag.hit().ruleId(), flag.hit().score(), Math::max);
            }
            return byRule.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        public boolean isVirus() {
            return score() >= threshold;
        }

        /** The virus name: {@code ProTAG.} and the family of the strongest hit (the first among equals). */
        public Optional<String> virusName() {
            if (!isVirus()) {
                return Optional.empty();
            }
            Flag strongest = flags.get(0);
            for (Flag flag : flags) {
                if (flag.hit().score() > strongest.hit().score()) {
                    strongest = flag;
                }
            }
            return Optional.of("ProTAG." + strongest.family());
        }
    }
}
