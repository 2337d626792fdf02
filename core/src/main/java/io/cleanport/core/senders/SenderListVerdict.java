package io.cleanport.core.senders;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sender lists say about one sender for one recipient: {@link Decision#ALLOWED} (skip the
 * spam filter), {@link Decision#BLOCKED} (treat as spam) or {@link Decision#NONE}, with the entry
 * that decided and the scope whose list it is on, so the decision can be explained.
 */
public final class SenderListVerdict {
    private static final SenderListVerdict NONE = new SenderListVerdict(Decision.NONE, Optional.empty(), Optional.empty());

    /** The outcome of {@link SenderListStore#classify}. */
    public enum Decision {
        ALLOWED,
        BLOCKED,
        NONE
    }

    private final Decision decision;
    private final Optional<SenderListScope> scope;
    private final Optional<SenderPattern> entry;

    private SenderListVerdict(Decision decision, Optional<SenderListScope> scope, Optional<SenderPattern> entry) {
        this.decision = decision;
        this.scope = scope;
        this.entry = entry;
    }

    /** No entry of any list covers the sender. */
    public static SenderListVerdict none() {
        return NONE;
    }

    /** {@code entry} of {@code scope}'s lists decided. */
    public static SenderListVerdict matched(SenderListScope scope, SenderListEntry entry) {
        Decision decision = entry.kind() == ListKind.ALLOW ? Decision.ALLOWED : Decision.BLOCKED;
        return new SenderListVerdict(decision, Optional.of(scope), Optional.of(entry.pattern()));
    }

    public Decision decision() {
        return decision;
    }

    public boolean isAllowed() {
        return decision == Decision.ALLOWED;
    }

    public boolean isBlocked() {
        return decision == Decision.BLOCKED;
    }

    /** Whose list held the deciding entry: the recipient's or its domain's. Empty for {@link Decision#NONE}. */
    public Optional<SenderListScope> scope() {
        return scope;
    }

    /** The deciding entry. Empty for {@link Decision#NONE}. */
    public Optional<SenderPattern> entry() {
        return entry;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderListVerdict that && decision == that.decision && scope.equals(that.scope)
            && entry.equals(that.entry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(decision, scope, entry);
    }

    /** For logs and quarantine reasons: {@code blocked by @example.org on the block list of alice@example.com}. */
    @Override
    public String toString() {
        if (decision == Decision.NONE) {
            return "on no sender list";
        }
        String list = decision == Decision.ALLOWED ? "allow" : "block";
        return decision.name().toLowerCase(Locale.ROOT) + " by " + entry.get() + " on the " + list
            + " list of " + scope.get();
    }
}
