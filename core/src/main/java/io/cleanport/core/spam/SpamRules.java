package io.cleanport.core.spam;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.verdict.RuleHit;

/**
 * The spam rules and their scores: a message's spam score is the sum of the scores of the rules that hit it.
 * Every hit says what it found, so a quarantined message can answer "why".
 *
 * <p>Scores are data: each rule has a default, and {@code cleanport.properties} may set another with the key
 * {@code spam.rule.<RULE_ID>.score} ({@link #fromProperties}): a decimal number from -100 to 100, where 0 turns
 * the rule off. A key under {@code spam.rule.} that names no rule, or anything but its score, is refused, so a
 * misspelt rule id stops the server rather than being ignored.
 *
 * <p>Rules marked {@link SpamRule#composition()} detect badly composed mail; their hits are in
 * {@link #evaluate}'s result like the others, and the caller counts them only at spam level 5
 * ({@link #isComposition}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SpamRules {
    /** The configuration keys are {@code spam.rule.<RULE_ID>.score}. */
    public static final String KEY_PREFIX = "spam.rule.";
    public static final String KEY_SUFFIX = ".score";
    public static final double MAX_SCORE = 100;

    private static final Logger LOGGER = LoggerFactory.getLogger(SpamRules.class);
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,3}(\\.[0-9]{1,6})?");

    private final Map<String, SpamRule> rules;
    private final Map<String, Double> scores;

    private SpamRules(Map<String, SpamRule> rules, Map<String, Double> scores) {
        this.rules = rules;
        this.scores = scores;
    }

    /** The standard rules with their default scores, dates judged against the system clock. */
    public static SpamRules defaults() {
        return of(standardRules(Clock.systemUTC()), new Properties());
    }

    /**
     * The standard rules, with the scores of {@code properties} where they set one.
     *
     * @throws IllegalArgumentException naming the key of an unknown rule, of another setting than a score, or of
     *                                  a score that is not a decimal number from -100 to 100
     */
    public static SpamRules fromProperties(Properties properties) {
        return of(standardRules(Clock.systemUTC()), properties);
    }

    /** As {@link #fromProperties(Properties)}, with the clock a message without Received field is dated by. */
    public static SpamRules fromProperties(Properties properties, Clock clock) {
        return of(standardRules(clock), properties);
    }

    /**
     * Any rules, with the scores of {@code properties} ({@code spam.rule.<RULE_ID>.score}) where they set one.
     *
     * @throws IllegalArgumentException when two rules share an id, or as {@link #fromProperties(Properties)}
     */
    public static SpamRules of(List<SpamRule> rules, Properties properties) {
        Map<String, SpamRule> byId = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (SpamRule rule : rules) {
            if (byId.putIfAbsent(rule.id(), rule) != null) {
                throw new IllegalArgumentException("two spam rules have the id " + rule.id());
            }
            scores.put(rule.id(), rule.defaultScore());
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(KEY_PREFIX)) {
                continue;
            }
            if (!key.endsWith(KEY_SUFFIX) || key.length() <= KEY_PREFIX.length() + KEY_SUFFIX.length()) {
                throw new IllegalArgumentException(key + ": not a spam rule setting; expected " + KEY_PREFIX + "<RULE_ID>"
                    + KEY_SUFFIX);
            }
            String id = key.substring(KEY_PREFIX.length(), key.length() - KEY_SUFFIX.length());
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException(key + ": there is no spam rule " + id + "; the rules are "
                    + String.join(", ", byId.keySet()));
            }
            scores.put(id, parseScore(key, properties.getProperty(key)));
        }
        return new SpamRules(Collections.unmodifiableMap(byId), Map.copyOf(scores));
    }

    /** The rules CleanPort ships: header, sender, body, link and composition rules. */
    public static List<SpamRule> standardRules(Clock clock) {
        List<SpamRule> all = new ArrayList<>(HeaderRules.rules(Objects.requireNonNull(clock, "clock")));
        all.addAll(SenderRules.rules(SenderRules.wellKnownFreemail()));
        all.addAll(BodyRules.rules());
        all.addAll(LinkRules.rules(LinkRules.wellKnownShorteners()));
        all.addAll(CompositionRules.rules());
        return List.copyOf(all);
    }

    /** The configuration key of a rule's score. */
    public static String key(String ruleId) {
        return KEY_PREFIX + ruleId + KEY_SUFFIX;
    }

    private static double parseScore(String key, String value) {
        String score = value.strip();
        if (!DECIMAL.matcher(score).matches() || Math.abs(Double.parseDouble(score)) > MAX_SCORE) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a score; expected a decimal number from -"
                + MAX_SCORE + " to " + MAX_SCORE + " (0 turns the rule off)");
        }
        return Double.parseDouble(score);
    }

    /** The rules, in the order they are evaluated. */
    public List<SpamRule> rules() {
        return List.copyOf(rules.values());
    }

    /**
     * The score of a rule's hits.
     *
     * @throws IllegalArgumentException when there is no such rule
     */
    public double score(String ruleId) {
        Double score = scores.get(ruleId);
        if (score == null) {
            throw new IllegalArgumentException("there is no spam rule " + ruleId);
        }
        return score;
    }

    /** Whether the rule detects badly composed mail, counted at spam level 5 only; false for an unknown id. */
    public boolean isComposition(String ruleId) {
        SpamRule rule = rules.get(ruleId);
        return rule != null && rule.composition();
    }

    /**
     * The hits of the rules on one message, with their configured scores, in rule order. Rules whose score is
     * 0 are not evaluated. A rule that fails is logged and skipped: one broken rule must not stop the filter.
     */
    public List<RuleHit> evaluate(SpamMessage message) {
        Objects.requireNonNull(message, "message");
        List<RuleHit> hits = new ArrayList<>();
        for (SpamRule rule : rules.values()) {
            double score = scores.get(rule.id());
            if (score == 0) {
                continue;
            }
            Optional<RuleHit> hit;
            try {
                hit = rule.evaluate(message);
            } catch (RuntimeException e) {
                LOGGER.warn("spam rule {} failed; skipped", rule.id(), e);
                continue;
            }
            hit.ifPresent(h -> hits.add(RuleHit.of(h.ruleId(), score, h.description(), h.evidence())));
        }
        return hits;
    }
}
