package io.cleanport.core.spam.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.dns.DnsFailureException;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;

/**
 * DNS blocklists of client addresses (RFC 5782): is the SMTP client listed in a configured zone?
 *
 * <p>The client's address is asked as {@code <reversed address>.<zone>}: octets in reverse for IPv4
 * ({@code 7.100.51.198.zen.example}), the 32 nibbles in reverse for IPv6. An address in 127.0.0.0/8 is a
 * listing, reported with its return code. Anything else counts as not listed: NXDOMAIN; the
 * 127.255.255.x codes by which some lists refuse a query (from a public resolver, or too many), reported
 * and logged once per zone so that the operator can fix the resolver; an answer outside 127.0.0.0/8 (a
 * resolver that rewrites NXDOMAIN); and a lookup that timed out or failed. Loopback, private, link-local,
 * shared (100.64.0.0/10) and unique-local addresses are never asked about: no list holds them.
 *
 * <p>Thread safe.
 */
public final class DnsBlocklists {
    public static final String ZONES_KEY = "spam.dnsbl.zones";
    public static final double DEFAULT_SCORE = 3.0;
    public static final int MAX_ZONES = 20;

    /** A lookup that timed out or failed; not cached, the next message asks again. */
    public static final Rule UNANSWERED = Rule.of("DNSBL_UNANSWERED", 0,
        "A DNS blocklist lookup timed out or failed; the client counts as not listed");
    /** An answer that is not a listing: a refusal code or an address outside 127.0.0.0/8. */
    public static final Rule REFUSED = Rule.of("DNSBL_REFUSED", 0,
        "A DNS blocklist refused the query or gave an answer that is not a listing; the client counts as not listed");

    private static final Logger LOGGER = LoggerFactory.getLogger(DnsBlocklists.class);

    /**
     * One blocklist: its DNS zone and the rule of a listing, {@code DNSBL_} and the zone in upper case with
     * underscores ({@code DNSBL_ZEN_EXAMPLE}).
     *
     * @param name  the zone, lower-case, without a trailing dot
     * @param score the weight of a listing
     */
    public record Zone(String name, double score) {
        /** @throws IllegalArgumentException if the name is not a domain name or its rule id would be too long */
        public Zone {
            String raw = Objects.requireNonNull(name, "name").strip();
            name = DomainName.of(raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw).name();
            rule(name, score);
        }

        /** The rule of a listing in this zone. */
        public Rule rule() {
            return rule(name, score);
        }

        private static Rule rule(String name, double score) {
            return Rule.of("DNSBL_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), score,
                "The client's address is listed in the DNS blocklist " + name);
        }
    }

    private final GatewayResolver resolver;
    private final List<Zone> zones;
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

    /** @throws IllegalArgumentException if two zones have the same rule id, or there are too many */
    public DnsBlocklists(GatewayResolver resolver, List<Zone> zones) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.zones = List.copyOf(zones);
        if (zones.size() > MAX_ZONES) {
            throw new IllegalArgumentException(ZONES_KEY + ": at most " + MAX_ZONES + " zones are accepted, got " + zones.size());
        }
        Set<String> ids = new HashSet<>();
        for (Zone zone : zones) {
            if (!ids.add(zone.rule().id())) {
                throw new IllegalArgumentException(ZONES_KEY + ": " + zone.name() + " is listed twice (or clashes with another zone"
                    + " as rule " + zone.rule().id() + ")");
            }
        }
    }

    /**
     * Reads {@value #ZONES_KEY}: comma-separated {@code zone} or {@code zone=score}, such as
     * {@code zen.example=4, bl.example}; blank for none. A zone without a score weighs
     * {@value #DEFAULT_SCORE}.
     *
     * @throws IllegalArgumentException naming the key and the bad entry
     */
    public static List<Zone> parseZones(String value) {
        List<Zone> zones = new ArrayList<>();
        for (String entry : value == null ? new String[0] : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String zone = equals < 0 ? entry : entry.substring(0, equals);
            try {
                double score = equals < 0 ? DEFAULT_SCORE : Double.parseDouble(entry.substring(equals + 1).strip());
                zones.add(new Zone(zone, score));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ZONES_KEY + ": '" + entry.strip() + "' is not a zone with an optional score"
                    + " such as zen.example or zen.example=4.5: " + e.getMessage(), e);
            }
        }
        return zones;
    }

    public List<Zone> zones() {
        return zones;
    }

    /**
     * Whether blocklists are asked about {@code client}: not for loopback, unspecified, private, link-local,
     * shared (100.64.0.0/10), unique-local (fc00::/7) or multicast addresses, which no list holds.
     */
    public static boolean isListable(InetAddress client) {
        byte[] a = client.getAddress();
        boolean shared = a.length == 4 && (a[0] & 0xff) == 100 && (a[1] & 0xc0) == 64;
        boolean uniqueLocal = a.length == 16 && (a[0] & 0xfe) == 0xfc;
        boolean thisNetwork = a.length == 4 && a[0] == 0;
        return !(client.isLoopbackAddress() || client.isAnyLocalAddress() || client.isSiteLocalAddress()
            || client.isLinkLocalAddress() || client.isMulticastAddress() || shared || uniqueLocal || thisNetwork);
    }

    /** The name to look up: the address reversed by octet (IPv4) or nibble (IPv6), then the zone. */
    public static String queryName(InetAddress client, String zone) {
        byte[] a = client.getAddress();
        StringBuilder name = new StringBuilder();
        for (int i = a.length - 1; i >= 0; i--) {
            if (client instanceof Inet4Address) {
                name.append(a[i] & 0xff).append('.');
            } else {
                name.append(Character.forDigit(a[i] & 0xf, 16)).append('.').append(Character.forDigit((a[i] >> 4) & 0xf, 16)).append('.');
            }
        }
        return name.append(zone).toString();
    }

    /** Every zone asked in turn: listings, and findings for unusable answers. Empty for an unlisted client. */
    public List<RuleHit> check(InetAddress client) {
        List<RuleHit> hits = new ArrayList<>();
        for (Zone zone : zones) {
            check(zone, client).ifPresent(hits::add);
        }
        return hits;
    }

    /**
     * Asks one zone: the zone's rule hit for a listing, {@link #UNANSWERED} or {@link #REFUSED} (weighing
     * nothing) for no usable answer, empty when the client is not listed or not {@link #isListable}.
     */
    public Optional<RuleHit> check(Zone zone, InetAddress client) {
        if (!isListable(client)) {
            return Optional.empty();
        }
        String name = queryName(client, zone.name());
        List<InetAddress> answers;
        try {
            answers = resolver.addresses(name);
        } catch (UnknownHostException e) {
            return Optional.empty();
        } catch (DnsFailureException e) {
            return Optional.of(UNANSWERED.hit("dnsbl " + zone.name() + " timed out or failed: " + e.getMessage()));
        }
        List<String> codes = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (InetAddress answer : answers) {
            byte[] a = answer.getAddress();
            if (a.length == 4 && a[0] == 127) {
                boolean refusal = a[1] == (byte) 255 && a[2] == (byte) 255;
                (refusal ? refusals : codes).add(answer.getHostAddress());
            } else {
                refusals.add(answer.getHostAddress());
            }
        }
        if (!codes.isEmpty()) {
            String listing = client.getHostAddress() + " listed in " + zone.name() + " (" + String.join(", ", codes) + ")";
            return Optional.of(zone.rule().hit(listing));
        }
        if (refusals.isEmpty()) {
            return Optional.empty(); // only AAAA records: not a listing either
        }
        String evidence = "dnsbl " + zone.name() + " answered " + String.join(", ", refusals) + ", not a listing";
        if (refusalsLogged.add(zone.name())) {
            LOGGER.warn("DNS blocklist {} answered {} for {}: a refusal code (127.255.255.x: check that dns.servers is a resolver the"
                + " list accepts) or a resolver that rewrites NXDOMAIN; its client checks count nothing. Logged once per zone.",
                zone.name(), refusals, name);
        }
        return Optional.of(REFUSED.hit(evidence));
    }
}
