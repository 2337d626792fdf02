package io.cleanport.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy that applies to one recipient: its domain's policy with the recipient's overrides
 * (spam level, actions, maximum message size, virus notification) applied.
 */
public final class EffectivePolicy {
    private final DomainPolicy domain;
    private final Optional<UserPolicy> user;
    private final int spamLevel;
    private final Actions actions;
    private final long maxMessageSize;
    private final boolean virusToRecipient;

    private EffectivePolicy(DomainPolicy domain, Optional<UserPolicy> user) {
        this.domain = domain;
        this.user = user;
        UserPolicy overrides = user.orElse(UserPolicy.empty());
        this.spamLevel = overrides.spamLevel().orElse(domain.spamLevel());
        this.actions = Actions.of(
            overrides.virusAction().orElse(domain.actions().virus()),
            overrides.spamAction().orElse(domain.actions().spam()),
            overrides.contentAction().orElse(domain.actions().content()));
        this.maxMessageSize = overrides.maxMessageSize().orElse(domain.maxMessageSize());
        this.virusToRecipient = overrides.virusToRecipient().orElse(domain.notifications().virusToRecipient());
    }

    /**
     * @param domain the recipient's domain policy
     * @param user   the recipient's overrides, empty if the recipient has no policy of its own
     */
    public static EffectivePolicy of(DomainPolicy domain, Optional<UserPolicy> user) {
        return new EffectivePolicy(Objects.requireNonNull(domain), Objects.requireNonNull(user));
    }

    public DomainPolicy domainPolicy() {
        return domain;
    }

    /** The recipient's own policy; empty when the recipient is not listed (e.g. in a catch-all domain). */
    public Optional<UserPolicy> userPolicy() {
        return user;
    }

    public int spamLevel() {
        return spamLevel;
    }

    public Actions actions() {
        return actions;
    }

    public long maxMessageSize() {
        return maxMessageSize;
    }

    public boolean virusToRecipient() {
        return virusToRecipient;
    }

    public Optional<String> ictAddress() {
        return domain.notifications().ictAddress();
    }

    public List<Downstream> downstream() {
        return domain.downstream();
    }

    public boolean catchAll() {
        return domain.catchAll();
    }

    public QuarantineDays quarantineDays() {
        return domain.quarantineDays();
    }

    public List<Cidr> relayNetworks() {
        return domain.relayNetworks();
    }

    /** This policy as a domain policy (the shape of the domain document), overrides applied. */
    public DomainPolicy asDomainPolicy() {
        return domain.toBuilder()
            .spamLevel(spamLevel)
            .actions(actions)
            .maxMessageSize(maxMessageSize)
            .notifications(Notifications.of(virusToRecipient, domain.notifications().ictAddress()))
            .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EffectivePolicy that && domain.equals(that.domain) && user.equals(that.user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, user);
    }

    @Override
    public String toString() {
        return "EffectivePolicy{spamLevel=" + spamLevel + ", actions=" + actions + ", maxMessageSize=" + maxMessageSize
            + ", virusToRecipient=" + virusToRecipient + ", domain=" + domain + "}";
    }
}
