package io.cleanport.core.diagnostics;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Objects;

import io.cleanport.core.dns.MxCheck;
import io.cleanport.core.dns.MxCheckResult;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Downstream;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UnknownDomainException;
import io.cleanport.core.validation.FieldValidationException;

/**
 * The checks behind the three usual reasons a customer receives nothing or still receives spam, for one
 * protected domain: MX records that do not point at the gateway ({@link #mxCheck}), a downstream server the
 * gateway cannot reach ({@link #downstreamCheck}), and a downstream server that accepts mail from anyone
 * ({@link #openRelayCheck}). Only the domain's own configured downstream servers are ever probed.
 */
public final class DomainDiagnostics {
    private final PolicyStore policies;
    private final MxCheck mxCheck;
    private final DownstreamProbe downstreamProbe;
    private final OpenRelayProbe openRelayProbe;
    private final DeliveryBacklog backlog;
    private final DeliveryAttempts attempts;

    public DomainDiagnostics(PolicyStore policies, MxCheck mxCheck, DownstreamProbe downstreamProbe,
                             OpenRelayProbe openRelayProbe, DeliveryBacklog backlog, DeliveryAttempts attempts) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.mxCheck = Objects.requireNonNull(mxCheck, "mxCheck");
        this.downstreamProbe = Objects.requireNonNull(downstreamProbe, "downstreamProbe");
        this.openRelayProbe = Objects.requireNonNull(openRelayProbe, "openRelayProbe");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    /**
     * @throws UnknownDomainException when the domain is not protected
     */
    public MxCheckResult mxCheck(DomainName domain) {
        policy(domain);
        return mxCheck.check(domain.name());
    }

    /**
     * Each downstream server probed in the policy's order with what this node's deliveries last met there,
     * and the domain's mail waiting in the queue.
     *
     * @throws UnknownDomainException when the domain is not protected
     */
    public DownstreamCheck downstreamCheck(DomainName domain) {
        List<Downstream> servers = policy(domain).downstream();
        List<ServerCheck> checks = servers.stream()
            .map(server -> new ServerCheck(downstreamProbe.probe(server), attempts.at(server.host(), server.port())))
            .toList();
        return new DownstreamCheck(domain, checks, backlog.of(domain));
    }

    /**
     * Asks each downstream server to take {@code recipient} from {@code sender} (MAIL and RCPT only).
     *
     * @throws UnknownDomainException    when the domain is not protected
     * @throws FieldValidationException  naming {@code sender} or {@code recipient} when it is not an address
     *                                   outside the domain: a server must accept its own domain's mail
     */
    public OpenRelayCheck openRelayCheck(DomainName domain, String sender, String recipient) {
        checkOutside("sender", sender, domain);
        checkOutside("recipient", recipient, domain);
        List<Downstream> servers = policy(domain).downstream();
        List<OpenRelayReport> reports = servers.stream()
            .map(server -> openRelayProbe.probe(server, sender, recipient))
            .toList();
        return new OpenRelayCheck(domain, sender, recipient, reports);
    }

    private DomainPolicy policy(DomainName domain) {
        return policies.domain(domain).orElseThrow(() -> new UnknownDomainException(domain));
    }

    private static void checkOutside(String field, String address, DomainName domain) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1 || address.length() > 254 || address.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
            throw new FieldValidationException(field, "'" + address + "' is not an e-mail address");
        }
        String addressDomain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (addressDomain.equals(domain.name()) || addressDomain.endsWith("." + domain.name())) {
            throw new FieldValidationException(field, address + " is inside " + domain.name()
                + ": the check needs an address outside the domain, which the server must refuse");
        }
    }

    /** One downstream server: the probe's report and what deliveries last met there. */
    public record ServerCheck(DownstreamReport probe, DeliveryAttempts.LastAttempts delivery) {
        public ServerCheck {
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(delivery, "delivery");
        }
    }

    /** The downstream check of one domain. */
    public record DownstreamCheck(DomainName domain, List<ServerCheck> servers, DeliveryBacklog.Backlog queue) {
        public DownstreamCheck {
            Objects.requireNonNull(domain, "domain");
            servers = List.copyOf(servers);
            Objects.requireNonNull(queue, "queue");
        }

        /** Every server answered properly; false when there is none. */
        public boolean ok() {
            return !servers.isEmpty() && servers.stream().allMatch(server -> server.probe().ok());
        }

        /** What an administrator should know first, in words. */
        public List<String> problems() {
            if (servers.isEmpty()) {
                return List.of("no downstream server is configured for " + domain.name()
                    + ": its mail waits in the queue; set \"downstream\" in the domain's policy");
            }
            return servers.stream()
                .map(ServerCheck::probe)
                .filter(report -> !report.ok())
                .map(report -> report.host() + ":" + report.port() + ": " + String.join("; ", report.errors()))
                .toList();
        }

        /** The most recent delivery error among the domain's servers, with the server, and when. */
        public Optional<String> lastDeliveryError() {
            return latestError().map(server -> server.probe().host() + ":" + server.probe().port() + ": "
                + server.delivery().lastError().orElseThrow());
        }

        public Optional<Instant> lastDeliveryErrorAt() {
            return latestError().flatMap(server -> server.delivery().lastErrorAt());
        }

        private Optional<ServerCheck> latestError() {
            return servers.stream()
                .filter(server -> server.delivery().lastErrorAt().isPresent())
                .max(Comparator.comparing((ServerCheck server) -> server.delivery().lastErrorAt().orElseThrow()));
        }
    }

    /** The open-relay check of one domain. */
    public record OpenRelayCheck(DomainName domain, String sender, String recipient, List<OpenRelayReport> servers) {
        public OpenRelayCheck {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(recipient, "recipient");
            servers = List.copyOf(servers);
        }

        /** Whether any of the domain's servers would relay. */
        public boolean openRelay() {
            return servers.stream().anyMatch(report -> report.verdict() == OpenRelayReport.Verdict.OPEN_RELAY);
        }
    }
}
