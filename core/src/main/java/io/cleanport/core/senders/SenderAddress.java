package io.cleanport.core.senders;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A sender as the lists compare it, read leniently from an envelope sender ({@code MAIL FROM}) or a
 * header address, because it comes from the outside and must never make a message fail:
 *
 * <ul>
 *   <li>surrounding spaces and angle brackets are removed, and {@code Name <bob@example.org>} gives
 *       the address between the last pair of brackets;</li>
 *   <li>everything is lower-cased; the domain loses a trailing dot and an internationalised domain is
 *       converted to its ASCII form;</li>
 *   <li>a BATV address {@code prvs=tag=bob@example.org} is {@code bob@example.org} (its tag changes
 *       daily, the sender does not).</li>
 * </ul>
 *
 * The null sender ({@code <>}), and anything without a local part and a domain, is no sender: it
 * matches no list entry.
 */
public final class SenderAddress {
    private static final String BATV_PREFIX = "prvs=";

    private final String localPart;
    private final String domain;

    private SenderAddress(String localPart, String domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /** The sender, or empty for the null sender and for text that is not an address. */
    public static Optional<SenderAddress> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String address = raw.strip();
        int close = address.lastIndexOf('>');
        int open = close < 0 ? -1 : address.lastIndexOf('<', close);
        if (open >= 0) {
            address = address.substring(open + 1, close).strip();
        }
        address = address.toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String local = withoutBatvTag(address.substring(0, at));
        return asciiDomain(address.substring(at + 1)).map(domain -> new SenderAddress(local, domain));
    }

    private static String withoutBatvTag(String local) {
        if (local.startsWith(BATV_PREFIX)) {
            int tagEnd = local.indexOf('=', BATV_PREFIX.length());
            if (tagEnd > BATV_PREFIX.length() && tagEnd < local.length() - 1) {
                return local.substring(tagEnd + 1);
            }
        }
        return local;
    }

    private static Optional<String> asciiDomain(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (name.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(name);
        }
        try {
            return Optional.of(IDN.toASCII(name, 0).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The lower-cased local part, without a BATV tag. */
    public String localPart() {
        return localPart;
    }

    /** The lower-cased ASCII domain. */
    public String domain() {
        return domain;
    }

    /** Whether the sender's domain is {@code domainName} or one of its subdomains. */
    public boolean isInDomain(String domainName) {
        return domain.equals(domainName)
            || (domain.length() > domainName.length() && domain.endsWith(domainName)
                && domain.charAt(domain.length() - domainName.length() - 1) == '.');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderAddress that && localPart.equals(that.localPart) && domain.equals(that.domain);
    }

    @Override
    public int hashCode() {
        return 31 * localPart.hashCode() + domain.hashCode();
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
