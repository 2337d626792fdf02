package io.cleanport.core.content;

import java.util.List;
import java.util.Optional;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListScope;

/**
 * Where the content rules of protected domains and their recipients live.
 *
 * <p>A scope is a domain as a whole or one recipient of it, the same {@link SenderListScope} as the
 * sender lists. The store does not check that the domain is protected or that the recipient exists:
 * callers (the WebAdmin routes) do. Rules outlive a domain's policy until {@link #removeDomain} is
 * called. Ids are compared case-insensitively; an id of the wrong shape is simply not found.
 *
 * <p>Implementations may throw {@link io.cleanport.core.db.StoreException} when their database fails.
 */
public interface ContentRuleStore {
    /** How many rules one scope may hold by default. */
    int DEFAULT_MAX_RULES_PER_SCOPE = 1_000;

    /**
     * Stores {@code rule} in {@code scope} under a new id (any id the rule carries is not used). The
     * same rule may be added twice: each copy gets its own id.
     *
     * @return the rule as stored, with its id
     * @throws ContentRuleLimitException if the scope is full
     */
    ContentRule add(SenderListScope scope, ContentRule rule);

    /** The rules of {@code scope} in the order they were added; empty for a scope without rules. */
    List<ContentRule> list(SenderListScope scope);

    Optional<ContentRule> get(SenderListScope scope, String id);

    /** @return whether the rule was in that scope */
    boolean remove(SenderListScope scope, String id);

    /**
     * Removes the rules of {@code domain} and of all its recipients, e.g. when the domain stops being
     * protected.
     *
     * @return how many rules were removed
     */
    int removeDomain(DomainName domain);

    /**
     * The rules that apply to {@code localPart@domain}. Asked for every recipient of every message:
     * implementations used in the mail pipeline must answer cheaply (see {@link CachingContentRuleStore}).
     *
     * @param localPart as received; null or not a valid local part (a quoted one, say) gives the
     *                  domain's rules only
     */
    default RecipientRules rulesFor(DomainName domain, String localPart) {
        return RecipientRules.read(this::list, domain, localPart);
    }
}
