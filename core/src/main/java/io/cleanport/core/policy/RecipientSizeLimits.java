package io.cleanport.core.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The most a recipient of a protected domain accepts: its effective {@code maxMessageSize}. Recipients
 * of unprotected domains (relay traffic) have none beyond the gateway's global ceiling, which James
 * enforces; nor have unknown recipients of a domain that lists its users, so that they are refused as
 * unknown ({@code 550 5.1.1}) rather than as too big.
 */
public final class RecipientSizeLimits {
    private final PolicyStore store;

    public RecipientSizeLimits(PolicyStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /** Empty when the domain is not protected or does not take mail for the recipient. Reads the store at every call. */
    public OptionalLong limitFor(String localPart, String domain) {
        Optional<DomainName> name = DomainName.parse(domain);
        if (name.isEmpty()) {
            return OptionalLong.empty();
        }
        // A local part that cannot be a policy key (e.g. quoted) has no policy of its own: the domain's applies.
        Optional<EffectivePolicy> policy = LocalPart.parse(localPart)
            .map(local -> store.effectivePolicy(name.get(), local.value()))
            .orElseGet(() -> store.domain(name.get()).map(domainPolicy -> EffectivePolicy.of(domainPolicy, Optional.empty())));
        return policy
            .filter(effective -> effective.catchAll() || effective.userPolicy().isPresent())
            .map(effective -> OptionalLong.of(effective.maxMessageSize()))
            .orElseGet(OptionalLong::empty);
    }
}
