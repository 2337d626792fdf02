package io.cleanport.core.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.verdict.Evidence;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * What the inspectors and the walk found in one message, collected during one scan and turned into a
 * {@link Verdict} at its end. Belongs to one scan: not thread-safe.
 *
 * <p>A rule counts once per message: when it hits again, its evidence grows ("…; part 3 (…); and 12
 * more") and its score stays that of the first hit.
 */
public final class Findings {
    /** Places listed in the evidence of a rule that hit several times; the rest are counted. */
    static final int MAX_PLACES_PER_RULE = 3;

    private final Map<String, Accumulated> hits = new LinkedHashMap<>();
    private String virusName;

    /**
     * The message carries a virus; the first virus named decides the verdict's name.
     *
     * @throws IllegalArgumentException when the name is not a valid virus name
     */
    public void virus(String name, RuleHit hit) {
        Objects.requireNonNull(hit, "hit");
        Verdict.virus(name, List.of(hit)); // checks the name now, where the detector can be blamed
        if (virusName == null) {
            virusName = name;
        }
        hit(hit);
    }

    /** A rule hit that does not decide the category on its own. */
    public void hit(RuleHit hit) {
        Objects.requireNonNull(hit, "hit");
        Accumulated existing = hits.get(hit.ruleId());
        if (existing != null) {
            existing.again(hit.evidence());
        } else if (hits.size() < Verdict.MAX_HITS) {
            hits.put(hit.ruleId(), new Accumulated(hit));
        }
    }

    /** Whether a virus was reported. */
    public boolean hasVirus() {
        return virusName != null;
    }

    /** Whether a rule hit. */
    public boolean hasHit(String ruleId) {
        return hits.containsKey(ruleId);
    }

    /** The hits so far, one per rule, in the order the rules first hit. */
    public List<RuleHit> hits() {
        List<RuleHit> list = new ArrayList<>(hits.size());
        for (Accumulated accumulated : hits.values()) {
            list.add(accumulated.toHit());
        }
        return list;
    }

    /** A virus verdict when a virus was reported, otherwise a clean verdict with the hits. */
    public Verdict verdict() {
        return virusName != null ? Verdict.virus(virusName, hits()) : Verdict.clean(hits());
    }

    /** The name of the first virus reported. */
    public Optional<String> virusName() {
        return Optional.ofNullable(virusName);
    }

    private static final class Accumulated {
        private final RuleHit first;
        private final List<String> places = new ArrayList<>();
        private int uncounted;

        Accumulated(RuleHit first) {
            this.first = first;
            places.add(first.evidence());
        }

        void again(String evidence) {
            if (places.size() < MAX_PLACES_PER_RULE && !places.contains(evidence)) {
                places.add(evidence);
            } else if (!places.contains(evidence)) {
                uncounted++;
            }
        }

        RuleHit toHit() {
            if (places.size() == 1) {
                return first;
            }
            StringBuilder evidence = new StringBuilder(String.join("; ", places));
            if (uncounted > 0) {
                evidence.append("; and ").append(uncounted).append(" more");
            }
            return RuleHit.of(first.ruleId(), first.score(), first.description(),
                Evidence.truncate(evidence.toString(), RuleHit.MAX_EVIDENCE_CHARS));
        }
    }
}
