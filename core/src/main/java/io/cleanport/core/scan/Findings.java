package io.cleanport.core.scan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.cleanport.core.verdict.Evidence;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * What the inspectors and the walk found in one message, collected during one scan and turned into a
 * {@link Verdict} at its end. Belongs to one scan: not thread-safe.
 *
 * <p>A rule counts once per message: when it hits again, its evidence grows ("…; part 3 (…); and 12
 * more") and its score stays that of the first hit.
 *
 * <p>Besides hits, an inspector may gather a per-scan result here (the {@link MessageFacts} of a
 * {@link MessageFactsInspector}): inspectors are shared by concurrent scans, so what one scan collects
 * lives in that scan's findings, in a {@link Slot} the inspector owns.
 */
public final class Findings {
    /** Places listed in the evidence of a rule that hit several times; the rest are counted. */
    static final int MAX_PLACES_PER_RULE = 3;

    private final Map<String, Accumulated> hits = new LinkedHashMap<>();
    private final Map<Slot<?>, Object> slots = new IdentityHashMap<>();
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

    /**
     * The value of {@code slot} in this scan, created by the slot's supplier on first use: where an
     * inspector keeps what it collects over the parts of one message.
     */
    public <T> T slot(Slot<T> slot) {
        Objects.requireNonNull(slot, "slot");
        return slot.type.cast(slots.computeIfAbsent(slot, key -> Objects.requireNonNull(slot.initial.get(), slot.name)));
    }

    /** The value of {@code slot} in this scan, if {@link #slot} created it. */
    public <T> Optional<T> peek(Slot<T> slot) {
        Objects.requireNonNull(slot, "slot");
        return Optional.ofNullable(slot.type.cast(slots.get(slot)));
    }

    /**
     * A place for one kind of per-scan state in {@link Findings}. Slots compare by identity: the
     * inspector that owns one keeps it in a field, so two inspectors never share state by accident.
     *
     * @param <T> the type of the state
     */
    public static final class Slot<T> {
        private final String name;
        private final Class<T> type;
        private final Supplier<? extends T> initial;

        private Slot(String name, Class<T> type, Supplier<? extends T> initial) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            this.initial = Objects.requireNonNull(initial, "initial");
        }

        /**
         * @param name    what the slot holds, for messages
         * @param type    the class of the state
         * @param initial creates the state of a scan
         */
        public static <T> Slot<T> of(String name, Class<T> type, Supplier<? extends T> initial) {
            return new Slot<>(name, type, initial);
        }

        @Override
        public String toString() {
            return "Slot[" + name + "]";
        }
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
