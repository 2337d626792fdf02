package io.cleanport.core.senders;

import java.util.Optional;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;

/**
 * Whose sender lists: a protected domain as a whole, or one recipient of it ({@code localPart@domain}).
 * A recipient's lists are consulted before its domain's (see {@link SenderListStore#classify}).
 */
public final class SenderListScope {
    private final DomainName domain;
    private final Optional<LocalPart> localPart;

    private SenderListScope(DomainName domain, Optional<LocalPart> localPart) {
        this.domain = domain;
        this.localPart = localPart;
    }

    /** The lists of a domain, applying to all of its recipients. */
    public static SenderListScope domain(DomainName domain) {
        return new SenderListScope(domain, Optional.empty());
    }

    /**
     * The lists of one recipient.
     *
     * @throws io.cleanport.core.policy.PolicyValidationException (field {@code localPart}) if it is not a valid local part
     */
    public static SenderListScope user(DomainName domain, String localPart) {
        return new SenderListScope(domain, Optional.of(LocalPart.of(localPart)));
    }

    public static SenderListScope user(DomainName domain, LocalPart localPart) {
        return new SenderListScope(domain, Optional.of(localPart));
    }

    public DomainName domainName() {
        return domain;
    }

    /** The recipient's lower-cased local part; empty for a domain scope. */
    public Optional<LocalPart> localPart() {
        return localPart;
    }

    public boolean isUser() {
        return localPart.isPresent();
    }

    /** The scope of the domain this scope belongs to (itself for a domain scope). */
    public SenderListScope domainScope() {
        return isUser() ? domain(domain) : this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderListScope that && domain.equals(that.domain) && localPart.equals(that.localPart);
    }

    @Override
    public int hashCode() {
        return 31 * domain.hashCode() + localPart.hashCode();
    }

    /** {@code example.com} for a domain, {@code alice@example.com} for a recipient. */
    @Override
    public String toString() {
        return localPart.map(local -> local.value() + "@" + domain).orElse(domain.name());
    }
}
