package io.cleanport.core.senders;

import java.util.Optional;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyValidationException;

/**
 * An entry of a sender list: one address ({@code bob@example.org}) or a whole domain
 * ({@code @example.org}, which also covers {@code @mail.example.org} and every other subdomain).
 * Stored and shown lower-cased; internationalised domains in their ASCII form.
 */
public final class SenderPattern implements Comparable<SenderPattern> {
    /** The longest text of a pattern: a 64-character local part, {@code @}, a 253-character domain. */
    public static final int MAX_LENGTH = LocalPart.MAX_LENGTH + 1 + DomainName.MAX_LENGTH;
    /** {@link #specificity()} of an address: above that of any domain. */
    static final int ADDRESS_SPECIFICITY = Integer.MAX_VALUE;
    private static final String FIELD = "sender";

    private final Optional<LocalPart> localPart;
    private final DomainName domain;

    private SenderPattern(Optional<LocalPart> localPart, DomainName domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /**
     * Reads {@code bob@example.org} or {@code @example.org}.
     *
     * @throws PolicyValidationException (field {@code sender}) whose message says which part is wrong
     *                                   (the local part or the domain) and what is accepted
     */
    public static SenderPattern parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new PolicyValidationException(FIELD,
                "must not be empty; expected an address such as bob@example.org or a domain such as @example.org");
        }
        int at = raw.lastIndexOf('@');
        if (at < 0) {
            throw new PolicyValidationException(FIELD, "'" + raw
                + "' is neither an address (bob@example.org) nor a domain (@example.org): it has no @");
        }
        DomainName domain;
        try {
            domain = DomainName.of(raw.substring(at + 1));
        } catch (PolicyValidationException e) {
            throw e.atField(FIELD);
        }
        if (at == 0) {
            return new SenderPattern(Optional.empty(), domain);
        }
        try {
            return new SenderPattern(Optional.of(LocalPart.of(raw.substring(0, at))), domain);
        } catch (PolicyValidationException e) {
            throw e.atField(FIELD);
        }
    }

    /** The pattern, or empty if {@code raw} is not acceptable. */
    public static Optional<SenderPattern> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (PolicyValidationException e) {
            return Optional.empty();
        }
    }

    public static SenderPattern address(LocalPart localPart, DomainName domain) {
        return new SenderPattern(Optional.of(localPart), domain);
    }

    public static SenderPattern wholeDomain(DomainName domain) {
        return new SenderPattern(Optional.empty(), domain);
    }

    /** Whether this is a whole domain ({@code @example.org}) rather than one address. */
    public boolean isDomain() {
        return localPart.isEmpty();
    }

    /** The local part of an address pattern; empty for a domain pattern. */
    public Optional<LocalPart> localPart() {
        return localPart;
    }

    public DomainName domain() {
        return domain;
    }

    /**
     * Whether mail from {@code sender} is covered: the same address (local parts compared
     * case-insensitively), or for a domain pattern any address of the domain or of a subdomain.
     */
    public boolean matches(SenderAddress sender) {
        if (localPart.isPresent()) {
            return localPart.get().value().equals(sender.localPart()) && domain.name().equals(sender.domain());
        }
        return sender.isInDomain(domain.name());
    }

    /**
     * How narrowly the pattern picks senders: an address above any domain, a longer domain
     * ({@code @sales.example.org}: 3) above a shorter one ({@code @example.org}: 2). Two different
     * patterns matching the same sender never have the same specificity.
     */
    public int specificity() {
        if (localPart.isPresent()) {
            return ADDRESS_SPECIFICITY;
        }
        return domain.name().split("\\.").length;
    }

    /** {@code bob@example.org} or {@code @example.org}. */
    public String value() {
        return localPart.map(LocalPart::value).orElse("") + "@" + domain.name();
    }

    @Override
    public int compareTo(SenderPattern other) {
        return value().compareTo(other.value());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderPattern that && localPart.equals(that.localPart) && domain.equals(that.domain);
    }

    @Override
    public int hashCode() {
        return 31 * localPart.hashCode() + domain.hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}
