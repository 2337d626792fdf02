package io.cleanport.core.verdict;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one filtering step found in a message: a {@link Category}, for a virus its name, and the rules
 * that hit with their evidence. Mailets compute verdicts and store them as mail attributes
 * ({@link VerdictCodec}); matchers read them and compare them with each recipient's policy.
 *
 * <p>The {@link #score() score} is the sum of the hits' scores: each rule counts once per message (a
 * detector that matches several times reports one hit whose evidence lists the places). A clean verdict
 * may carry hits too: informational findings, such as a structure that exceeded a scan limit, that do not
 * decide the category on their own.
 *
 * <p>Instances are immutable. Rules: a virus verdict has a name and at least one hit; spam and content
 * verdicts have at least one hit and no name; a clean verdict has no name; rule ids are unique; at most
 * {@value #MAX_HITS} hits.
 */
public final class Verdict {
    public static final int MAX_HITS = 100;
    public static final int MAX_NAME_CHARS = 128;

    private static final Verdict CLEAN = new Verdict(Category.CLEAN, null, List.of());

    private final Category category;
    private final String name;
    private final List<RuleHit> hits;
    private final double score;

    private Verdict(Category category, String name, List<RuleHit> hits) {
        this.category = category;
        this.name = name;
        this.hits = hits;
        double sum = 0;
        for (RuleHit hit : hits) {
            sum += hit.score();
        }
        this.score = sum == 0 ? 0.0 : sum;
    }

    /** Nothing found. */
    public static Verdict clean() {
        return CLEAN;
    }

    /** Nothing the step acts on, with informational hits. */
    public static Verdict clean(List<RuleHit> hits) {
        return of(Category.CLEAN, Optional.empty(), hits);
    }

    /**
     * @param name the virus name as the engine reports it, e.g. {@code EICAR-Test-File}: 1 to
     *             {@value #MAX_NAME_CHARS} printable ASCII characters, no leading or trailing space
     * @param hits at least one: the detections that name it
     */
    public static Verdict virus(String name, List<RuleHit> hits) {
        return of(Category.VIRUS, Optional.of(Objects.requireNonNull(name, "name")), hits);
    }

    /** Spam, with the rules that made it so (at least one). */
    public static Verdict spam(List<RuleHit> hits) {
        return of(Category.SPAM, Optional.empty(), hits);
    }

    /** A content rule matched (at least one hit). */
    public static Verdict content(List<RuleHit> hits) {
        return of(Category.CONTENT, Optional.empty(), hits);
    }

    /**
     * Any verdict, checked against the rules of the class description.
     *
     * @throws IllegalArgumentException saying which rule is broken
     */
    public static Verdict of(Category category, Optional<String> name, List<RuleHit> hits) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        List<RuleHit> copy = List.copyOf(Objects.requireNonNull(hits, "hits"));
        if (copy.size() > MAX_HITS) {
            throw new IllegalArgumentException("hits: " + copy.size() + " rule hits; at most " + MAX_HITS + " are accepted");
        }
        Set<String> ids = new HashSet<>();
        for (RuleHit hit : copy) {
            if (!ids.add(hit.ruleId())) {
                throw new IllegalArgumentException("hits: rule " + hit.ruleId() + " appears twice; a rule hits once per"
                    + " verdict (list every place in its evidence)");
            }
        }
        if (category == Category.VIRUS) {
            checkName(name.orElseThrow(() -> new IllegalArgumentException("name: a virus verdict names the virus")));
        } else if (name.isPresent()) {
            throw new IllegalArgumentException("name: only a virus verdict has a name, not a " + category.asString() + " verdict");
        }
        if (category != Category.CLEAN && copy.isEmpty()) {
            throw new IllegalArgumentException("hits: a " + category.asString() + " verdict needs at least one rule hit to"
                + " say why");
        }
        if (category == Category.CLEAN && copy.isEmpty()) {
            return CLEAN;
        }
        return new Verdict(category, name.orElse(null), copy);
    }

    /**
     * Checks a virus name before it is used (a name an administrator gives, say).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("name: '" + Evidence.printable(name) + "' must be 1 to " + MAX_NAME_CHARS
                + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("name: '" + Evidence.printable(name) + "' must be printable ASCII");
            }
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            throw new IllegalArgumentException("name: '" + name + "' must not start or end with a space");
        }
    }

    public Category category() {
        return category;
    }

    /** The virus name; empty for every other category. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The sum of the hits' scores. */
    public double score() {
        return score;
    }

    /** The rules that hit, in the order they were found; unmodifiable. */
    public List<RuleHit> hits() {
        return hits;
    }

    /** The hit of one rule, if it hit. */
    public Optional<RuleHit> hit(String ruleId) {
        return hits.stream().filter(hit -> hit.ruleId().equals(ruleId)).findFirst();
    }

    /** The ids of the rules that hit, in order. */
    public List<String> ruleIds() {
        return hits.stream().map(RuleHit::ruleId).collect(Collectors.toUnmodifiableList());
    }

    public boolean isClean() {
        return category == Category.CLEAN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict other
            && other.category == category
            && Objects.equals(other.name, name)
            && other.hits.equals(hits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, name, hits);
    }

    @Override
    public String toString() {
        return "Verdict[" + category.asString() + (name == null ? "" : " " + name) + ", score " + score + ", " + ruleIds() + "]";
    }
}
