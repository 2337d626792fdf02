package io.cleanport.core.diagnostics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.cleanport.core.diagnostics.DownstreamDialer.Dialed;
import io.cleanport.core.policy.Downstream;

/**
 * Checks that the gateway can deliver to a customer's mail server, as a delivery would begin: resolves the
 * host, connects to the first address that answers, reads the greeting, introduces itself with EHLO (HELO
 * when EHLO is refused), tries STARTTLS when offered, and leaves with QUIT. It sends no mail.
 *
 * <p>Network problems never escape as exceptions: each becomes a sentence among the report's errors.
 */
public final class DownstreamProbe {
    private final DownstreamDialer dialer;
    private final Clock clock;

    public DownstreamProbe(SmtpProbeSettings settings, HostAddresses hostAddresses) {
        this(settings, hostAddresses, Clock.systemUTC());
    }

    /** @param clock tells whether the server's certificate has expired */
    DownstreamProbe(SmtpProbeSettings settings, HostAddresses hostAddresses, Clock clock) {
        this.dialer = new DownstreamDialer(settings, hostAddresses);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DownstreamReport probe(Downstream downstream) {
        List<String> errors = new ArrayList<>();
        Optional<Dialed> dialed = dialer.dial(downstream, errors);
        if (dialed.isEmpty()) {
            return new DownstreamReport(downstream.host(), downstream.port(), Optional.empty(), false, OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), List.of(), StartTlsStatus.NOT_TRIED, Optional.empty(), errors);
        }
        Findings findings = new Findings();
        try (SmtpConversation conversation = dialed.get().conversation()) {
            converse(conversation, downstream.host(), findings, errors);
        }
        return new DownstreamReport(downstream.host(), downstream.port(),
            Optional.of(dialed.get().address().getAddress().getHostAddress()), true,
            OptionalLong.of(dialed.get().connectMillis()),
            findings.banner == null ? OptionalLong.empty() : OptionalLong.of(findings.bannerMillis),
            Optional.ofNullable(findings.banner).map(SmtpReply::toString), findings.extensions, findings.startTls,
            Optional.ofNullable(findings.startTlsDetail), errors);
    }

    private void converse(SmtpConversation conversation, String host, Findings findings, List<String> errors) {
        try {
            long start = System.nanoTime();
            findings.banner = conversation.greeting();
            findings.bannerMillis = DownstreamDialer.millisSince(start);
            if (findings.banner.code() != 220) {
                errors.add(DownstreamDialer.refusal(findings.banner));
                conversation.quit();
                return;
            }
            conversation.hello();
            findings.extensions = conversation.extensions();
        } catch (SmtpConversationException e) {
            errors.add(e.getMessage());
            return;
        }
        if (!conversation.offers("STARTTLS")) {
            findings.startTls = StartTlsStatus.NOT_OFFERED;
            findings.startTlsDetail = (conversation.isExtended() ? "the server does not offer STARTTLS"
                : "the server refuses EHLO, so it offers no extension, STARTTLS included")
                + ": mail from the gateway to it travels unencrypted";
        } else {
            try {
                TlsSession session = conversation.startTls(host);
                findings.startTls = StartTlsStatus.OK;
                findings.startTlsDetail = describe(session, host);
            } catch (SmtpConversationException e) {
                findings.startTls = StartTlsStatus.FAILED;
                findings.startTlsDetail = conversation.tls().map(session -> describe(session, host) + "; but ").orElse("")
                    + e.getMessage();
                errors.add("STARTTLS is offered but fails (" + e.getMessage() + "): deliveries that use STARTTLS will fail");
            }
        }
        conversation.quit();
    }

    private String describe(TlsSession session, String host) {
        String certificate = session.certificate().map(c -> "certificate " + c.subject()
            + (c.isSelfIssued() ? " (self-signed)" : " issued by " + c.issuer())
            + (c.isExpired(clock.instant()) ? ", expired on " : ", valid until ") + c.notAfter()
            + (c.matchesHost() ? ", matches " + host : ", does not match " + host + " (it names "
                + (c.names().isEmpty() ? "no host" : String.join(", ", c.names())) + ")"))
            .orElse("the server sent no certificate");
        return session.protocol() + " with " + session.cipherSuite() + "; " + certificate;
    }

    /** What the conversation has found so far. */
    private static final class Findings {
        SmtpReply banner;
        long bannerMillis;
        List<String> extensions = List.of();
        StartTlsStatus startTls = StartTlsStatus.NOT_TRIED;
        String startTlsDetail;
    }
}
