package io.cleanport.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where domain and per-recipient policies live. A domain is protected by the gateway exactly when it
 * has a policy here.
 *
 * <p>Local parts are compared case-insensitively (stored lower-cased); methods taking one throw
 * {@link PolicyValidationException} (field {@code localPart}) if it is not a valid local part.
 * Implementations may throw {@link io.cleanport.core.db.StoreException} when their database fails.
 */
public interface PolicyStore {

    /** Creates or replaces the policy of {@code domain}. */
    void putDomain(DomainName domain, DomainPolicy policy);

    Optional<DomainPolicy> domain(DomainName domain);

    /** Every protected domain, sorted by name. */
    List<DomainName> domains();

    /**
     * Removes the domain's policy and all of its users' policies.
     *
     * @return whether the domain was there
     */
    boolean deleteDomain(DomainName domain);

    /**
     * Creates or replaces a recipient's policy.
     *
     * @throws UnknownDomainException if {@code domain} has no policy
     */
    void putUser(DomainName domain, String localPart, UserPolicy policy);

    Optional<UserPolicy> user(DomainName domain, String localPart);

    /** The users of {@code domain} keyed by lower-cased local part, sorted; empty for an unknown domain. */
    Map<String, UserPolicy> users(DomainName domain);

    /** @return whether the user was there */
    boolean deleteUser(DomainName domain, String localPart);

    /**
     * The networks of every domain's {@link DomainPolicy#relayNetworks()}: clients in them may relay.
     * Asked at every RCPT TO, so implementations used at SMTP time must answer cheaply (see
     * {@link CachingPolicyStore}).
     */
    List<Cidr> relayNetworks();

    /**
     * The policy for recipient {@code localPart@domain}: empty if the domain is not protected; the
     * domain policy alone if the recipient has no policy of its own.
     */
    default Optional<EffectivePolicy> effectivePolicy(DomainName domain, String localPart) {
        return domain(domain).map(policy -> EffectivePolicy.of(policy, user(domain, localPart)));
    }
}
