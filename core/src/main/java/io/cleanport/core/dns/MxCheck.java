package io.cleanport.core.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.cleanport.core.dns.MxCheckResult.Status;
import io.cleanport.core.policy.DomainName;

/**
 * Checks that a protected domain's MX records make senders deliver to the gateway.
 *
 * <p>Senders try the most preferred (lowest) MX preference first and pick at random among equal
 * preferences, so the check is green when every most-preferred record is a gateway host and no other
 * host has an equal or better preference than the gateway's best. A foreign host with a worse preference
 * is a backup: it keeps the check green with a warning, as mail it accepts is filtered only if it
 * forwards to the gateway. No MX records, a domain that does not exist and a null MX are red, as is any
 * record that lets senders bypass the gateway. A DNS failure is unknown, never red: a timeout says
 * nothing about the records. Host names compare case-insensitively, trailing dot ignored.
 */
public final class MxCheck {
    private final GatewayResolver resolver;
    private final List<String> gatewayHosts;

    private MxCheck(GatewayResolver resolver, List<String> gatewayHosts) {
        this.resolver = resolver;
        this.gatewayHosts = gatewayHosts;
    }

    /** A check against the gateway MX hosts of {@code settings}, asking {@code resolver}. */
    public static MxCheck of(GatewayResolver resolver, DnsSettings settings) {
        return new MxCheck(Objects.requireNonNull(resolver, "resolver"), settings.gatewayMxHosts());
    }

    /**
     * Looks up the MX records of {@code domain} and judges them.
     *
     * @throws IllegalArgumentException (a {@link io.cleanport.core.policy.PolicyValidationException}) if
     *                                  {@code domain} is not a domain name
     */
    public MxCheckResult check(String domain) {
        String name = DomainName.of(MxRecord.normalise(domain)).name();
        if (gatewayHosts.isEmpty()) {
            // Without the gateway's own hosts there is nothing to compare with; asking DNS would not help.
            return MxCheckResult.of(name, Status.UNKNOWN, List.of(), gatewayHosts, List.of(DnsSettings.GATEWAY_MX_HOSTS_KEY
                + " is not configured: set the gateway's MX host names in conf/cleanport.properties"), List.of());
        }
        MxAnswer answer = resolver.mx(name);
        return switch (answer.kind()) {
            case FAILURE -> result(name, Status.UNKNOWN, List.of(), List.of(answer.failure().orElseThrow()), List.of());
            case NXDOMAIN -> result(name, Status.RED, List.of(), List.of(name + " does not exist in DNS (NXDOMAIN)"), List.of());
            case NO_RECORDS -> result(name, Status.RED, List.of(), List.of(name + " has no MX records: senders deliver to the"
                + " domain's own address (A or AAAA) instead, bypassing the gateway"), List.of());
            case RECORDS -> judge(name, answer);
        };
    }

    private MxCheckResult judge(String domain, MxAnswer answer) {
        List<MxRecord> records = answer.records();
        if (answer.isNullMx()) {
            return result(domain, Status.RED, records, List.of(domain + " publishes a null MX (RFC 7505): it declares that it"
                + " accepts no mail, so senders do not deliver to it at all; publish the gateway's MX hosts instead"), List.of());
        }
        Set<String> gateway = new HashSet<>(gatewayHosts);
        int best = records.get(0).preference();
        int gatewayBest = records.stream().filter(r -> gateway.contains(r.host())).mapToInt(MxRecord::preference).min().orElse(-1);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (gatewayBest < 0) {
            problems.add("no MX record of " + domain + " points to a gateway host (" + String.join(", ", gatewayHosts) + ")");
        }
        for (MxRecord record : records) {
            if (gateway.contains(record.host())) {
                continue;
            }
            String host = record.isRootHost() ? "." : record.host();
            int preference = record.preference();
            if (gatewayBest < 0) {
                if (preference == best) {
                    problems.add("the most preferred MX host " + host + " is not a gateway host");
                }
            } else if (preference < gatewayBest) {
                problems.add(host + " has preference " + preference + ", better than the gateway's " + gatewayBest
                    + ": senders can bypass filtering");
            } else if (preference == gatewayBest) {
                long sharing = records.stream().filter(r -> r.preference() == preference).count();
                problems.add(host + " has preference " + preference + ", the same as the gateway's: senders can bypass filtering "
                    + (sharing == 2 ? "half of the time" : "about 1 time in " + sharing));
            } else {
                warnings.add("backup MX " + host + " (preference " + preference + ") is not a gateway host: mail it accepts"
                    + " is not filtered unless it forwards to the gateway");
            }
        }
        return result(domain, problems.isEmpty() ? Status.GREEN : Status.RED, records, problems, warnings);
    }

    private MxCheckResult result(String domain, Status status, List<MxRecord> records, List<String> problems, List<String> warnings) {
        return MxCheckResult.of(domain, status, records, gatewayHosts, problems, warnings);
    }
}
