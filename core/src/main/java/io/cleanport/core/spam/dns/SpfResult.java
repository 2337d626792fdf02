package io.cleanport.core.spam.dns;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;

/**
 * The SPF result (RFC 7208 section 2.6) for one client address and one identity, and why.
 *
 * @param kind   the result
 * @param domain the domain whose policy was evaluated: that of the envelope sender, or the HELO name for the
 *               null sender; empty when there was none to check
 * @param helo   whether {@code domain} is the HELO name rather than the envelope sender's domain
 * @param reason in words: the term that matched, the limit that was exceeded, the lookup that failed
 */
public record SpfResult(Kind kind, String domain, boolean helo, String reason) {
    /** The results of RFC 7208 section 2.6. */
    public enum Kind {
        /** No SPF record, or no domain to check. */
        NONE,
        /** The domain says nothing about the client ({@code ?}, or no term matched). */
        NEUTRAL,
        /** The client may send the domain's mail ({@code +}). */
        PASS,
        /** The client may not send the domain's mail ({@code -}). */
        FAIL,
        /** The client probably may not send the domain's mail ({@code ~}). */
        SOFTFAIL,
        /** A DNS lookup failed for now. */
        TEMPERROR,
        /** The domain's record is broken or exceeds the processing limits. */
        PERMERROR
    }

    public SpfResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(reason, "reason");
    }

    /** The hit of this result's rule ({@link SpfCheck#rule(Kind)}); empty for {@link Kind#NONE}. */
    public Optional<RuleHit> hit() {
        return SpfCheck.rule(kind).map(this::hit);
    }

    private RuleHit hit(Rule rule) {
        return rule.hit((helo ? "helo " : "mail from ") + domain + ": " + kind.name().toLowerCase(Locale.ROOT) + ", " + reason);
    }
}
