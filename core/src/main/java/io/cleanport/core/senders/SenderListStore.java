package io.cleanport.core.senders;

import io.cleanport.core.policy.DomainName;

/**
 * Where the sender allow and block lists of protected domains and their recipients live.
 *
 * <p>Each {@link SenderListScope} (a domain, or one recipient of it) has an allow list and a block
 * list of {@link SenderPattern}s; a pattern is on at most one of them. The store does not check that
 * the domain is protected or that the recipient exists: callers (the WebAdmin routes) do. Its
 * entries outlive a domain's policy until {@link #removeDomain} is called.
 *
 * <p>Implementations may throw {@link io.cleanport.core.db.StoreException} when their database fails.
 */
public interface SenderListStore {
    /** How many entries (both lists together) one scope may hold by default. */
    int DEFAULT_MAX_ENTRIES_PER_SCOPE = 10_000;

    /**
     * Puts {@code pattern} on the {@code kind} list of {@code scope}; if it was on the other list it
     * moves. Adding an entry that is already there changes nothing.
     *
     * @return whether the lists changed
     * @throws SenderListFullException if the pattern is new to the scope and the scope is full
     */
    boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern);

    /**
     * Takes {@code pattern} off the {@code kind} list of {@code scope} (not off the other list).
     *
     * @return whether it was there
     */
    boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern);

    /** Both lists of {@code scope}; empty lists for a scope that never had entries. */
    SenderLists list(SenderListScope scope);

    /**
     * Removes the lists of {@code domain} and of all its recipients, e.g. when the domain stops being
     * protected.
     *
     * @return how many entries were removed
     */
    int removeDomain(DomainName domain);

    /**
     * What the lists say about mail from {@code sender} to {@code recipientLocalPart@recipientDomain},
     * by the rule of {@link SenderListPrecedence}: the recipient's lists before the domain's, the most
     * specific entry within a scope. Asked for every recipient of every message: implementations used
     * in the mail pipeline must answer cheaply (see {@link CachingSenderListStore}).
     *
     * @param sender the envelope sender or a header address; null, {@code <>} or garbage give {@code NONE}
     */
    default SenderListVerdict classify(DomainName recipientDomain, String recipientLocalPart, String sender) {
        return SenderListPrecedence.classify(this::list, recipientDomain, recipientLocalPart, sender);
    }
}
