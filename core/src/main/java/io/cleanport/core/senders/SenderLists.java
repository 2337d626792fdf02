package io.cleanport.core.senders;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The allow and block lists of one {@link SenderListScope}, immutable. A pattern is on at most one of
 * the two lists: putting it on the other list moves it.
 *
 * <p>{@link #match(SenderAddress)} answers with the most specific entry that covers the sender: its
 * exact address first, then its domain, then each parent domain in turn ({@code @sales.example.org}
 * before {@code @example.org}). Since a pattern is on one list only, there is never a tie between
 * allow and block. The lookup costs a few hash probes, whatever the size of the lists.
 */
public final class SenderLists {
    private static final SenderLists EMPTY = new SenderLists(Map.of());

    // Keyed by SenderPattern.value(): "bob@example.org" for addresses, "@example.org" for domains.
    private final Map<String, SenderListEntry> entries;

    private SenderLists(Map<String, SenderListEntry> entries) {
        this.entries = entries;
    }

    public static SenderLists empty() {
        return EMPTY;
    }

    /**
     * @throws IllegalArgumentException if a pattern appears on both lists
     */
    public static SenderLists of(Iterable<SenderListEntry> entries) {
        Map<String, SenderListEntry> byValue = new HashMap<>();
        for (SenderListEntry entry : entries) {
            SenderListEntry previous = byValue.put(entry.pattern().value(), entry);
            if (previous != null && previous.kind() != entry.kind()) {
                throw new IllegalArgumentException(entry.pattern() + " is on both the allow and the block list");
            }
        }
        return byValue.isEmpty() ? EMPTY : new SenderLists(Collections.unmodifiableMap(byValue));
    }

    /** These lists with {@code pattern} on the {@code kind} list (moved there if it was on the other). */
    public SenderLists with(ListKind kind, SenderPattern pattern) {
        Map<String, SenderListEntry> copy = new HashMap<>(entries);
        copy.put(pattern.value(), new SenderListEntry(kind, pattern));
        return new SenderLists(Collections.unmodifiableMap(copy));
    }

    /** These lists without {@code pattern} on the {@code kind} list. */
    public SenderLists without(ListKind kind, SenderPattern pattern) {
        if (kindOf(pattern).filter(kind::equals).isEmpty()) {
            return this;
        }
        Map<String, SenderListEntry> copy = new HashMap<>(entries);
        copy.remove(pattern.value());
        return copy.isEmpty() ? EMPTY : new SenderLists(Collections.unmodifiableMap(copy));
    }

    /** The allow list, sorted by {@link SenderPattern#value()}. */
    public List<SenderPattern> allow() {
        return sorted(ListKind.ALLOW);
    }

    /** The block list, sorted by {@link SenderPattern#value()}. */
    public List<SenderPattern> block() {
        return sorted(ListKind.BLOCK);
    }

    public List<SenderPattern> list(ListKind kind) {
        return sorted(kind);
    }

    /** Which list {@code pattern} is on, if any. */
    public Optional<ListKind> kindOf(SenderPattern pattern) {
        return Optional.ofNullable(entries.get(pattern.value())).map(SenderListEntry::kind);
    }

    /** The number of entries on both lists. */
    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The most specific entry covering {@code sender} (see the class description), if any. */
    public Optional<SenderListEntry> match(SenderAddress sender) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        SenderListEntry exact = entries.get(sender.localPart() + "@" + sender.domain());
        if (exact != null) {
            return Optional.of(exact);
        }
        String domain = sender.domain();
        while (true) {
            SenderListEntry wholeDomain = entries.get("@" + domain);
            if (wholeDomain != null) {
                return Optional.of(wholeDomain);
            }
            int dot = domain.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            domain = domain.substring(dot + 1);
        }
    }

    private List<SenderPattern> sorted(ListKind kind) {
        Map<String, SenderPattern> sorted = new TreeMap<>();
        for (SenderListEntry entry : entries.values()) {
            if (entry.kind() == kind) {
                sorted.put(entry.pattern().value(), entry.pattern());
            }
        }
        return List.copyOf(sorted.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderLists that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "SenderLists{allow=" + allow() + ", block=" + block() + "}";
    }
}
