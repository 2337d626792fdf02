package io.cleanport.core.spam.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.google.common.net.InetAddresses;

import io.cleanport.core.dns.DnsFailureException;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.dns.MxAnswer;
import io.cleanport.core.dns.MxRecord;
import io.cleanport.core.spam.dns.SpfRecord.Directive;
import io.cleanport.core.spam.dns.SpfResult.Kind;
import io.cleanport.core.verdict.Rule;

/**
 * Sender Policy Framework (RFC 7208): whether the SMTP client may send mail for the envelope sender's
 * domain, or for its HELO name when the sender is null.
 *
 * <p>Implements {@code check_host()} with the mechanisms {@code all}, {@code include}, {@code a},
 * {@code mx}, {@code ip4}, {@code ip6} and {@code exists} (with prefix lengths), the {@code redirect}
 * modifier, the four qualifiers and macros in targets (all letters of section 7 that apply outside
 * explanations; {@code %{p}} expands to {@code unknown}, which section 7.3 allows). {@code ptr}, which
 * publishers should not use (section 5.5), is counted as a DNS lookup and never matches. Every limit of
 * section 4.6.4 is enforced across includes and redirects, which also bounds their depth: at most
 * {@value #MAX_DNS_TERMS} terms that ask DNS, at most {@value #MAX_VOID_LOOKUPS} of them answered by
 * NXDOMAIN or no record, at most {@value #MAX_MX_NAMES} MX names per {@code mx}. Exceeding one is a
 * {@code permerror}. {@code exp} is not fetched: the gateway scores, it does not reject with the domain's
 * text.
 *
 * <p>Thread safe: each evaluation keeps its own counters; the resolver caches the lookups.
 */
public final class SpfCheck {
    public static final int MAX_DNS_TERMS = 10;
    public static final int MAX_VOID_LOOKUPS = 2;
    public static final int MAX_MX_NAMES = 10;

    /** Default weights: spammers publish SPF for their own domains too, so a pass vouches for little. */
    public static final Rule PASS = Rule.of("SPF_PASS", -0.1, "The sender's domain authorises the client (SPF pass)");
    public static final Rule FAIL = Rule.of("SPF_FAIL", 3.0, "The sender's domain forbids the client to send its mail (SPF fail)");
    public static final Rule SOFTFAIL = Rule.of("SPF_SOFTFAIL", 1.0,
        "The sender's domain says the client is probably not one of its senders (SPF softfail)");
    public static final Rule NEUTRAL = Rule.of("SPF_NEUTRAL", 0, "The sender's domain says nothing about the client (SPF neutral)");
    public static final Rule PERMERROR = Rule.of("SPF_PERMERROR", 0.5, "The sender's domain publishes a broken SPF record (SPF permerror)");
    public static final Rule TEMPERROR = Rule.of("SPF_TEMPERROR", 0,
        "The sender's SPF record could not be evaluated for now (SPF temperror); counts nothing");

    private static final int MAX_DOMAIN_LENGTH = 253;

    private final GatewayResolver resolver;

    public SpfCheck(GatewayResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The rule of a result, with its default weight; empty for {@link Kind#NONE}. */
    public static Optional<Rule> rule(Kind kind) {
        return Optional.ofNullable(switch (kind) {
            case NONE -> null;
            case NEUTRAL -> NEUTRAL;
            case PASS -> PASS;
            case FAIL -> FAIL;
            case SOFTFAIL -> SOFTFAIL;
            case TEMPERROR -> TEMPERROR;
            case PERMERROR -> PERMERROR;
        });
    }

    /**
     * The domain {@link #check} evaluates: the envelope sender's, or the HELO name for the null sender (an
     * address literal has none). Empty when there is nothing to check, so nothing is asked.
     */
    public static Optional<String> domainToCheck(Optional<String> envelopeSender, Optional<String> helo) {
        Optional<String> sender = envelopeSender.map(String::strip).filter(s -> !s.isEmpty());
        if (sender.isPresent()) {
            int at = sender.get().lastIndexOf('@');
            return Optional.of(sender.get().substring(at + 1)).filter(d -> !d.isEmpty()).map(SpfCheck::lowerCase);
        }
        return helo.map(String::strip).filter(h -> !h.isEmpty() && !h.startsWith("[") && !InetAddresses.isInetAddress(h))
            .map(SpfCheck::lowerCase);
    }

    /**
     * Evaluates the envelope sender's domain for {@code client}, or the HELO name for the null sender
     * (the sender then is {@code postmaster@<helo>}, RFC 7208 section 2.3).
     */
    public SpfResult check(InetAddress client, Optional<String> envelopeSender, Optional<String> helo) {
        Optional<String> domain = domainToCheck(envelopeSender, helo);
        if (domain.isEmpty()) {
            return new SpfResult(Kind.NONE, "", false, "no sender domain or HELO name to check");
        }
        Optional<String> sender = envelopeSender.map(String::strip).filter(s -> !s.isEmpty());
        boolean byHelo = sender.isEmpty();
        String localPart = sender.map(s -> s.lastIndexOf('@') > 0 ? s.substring(0, s.lastIndexOf('@')) : "postmaster")
            .orElse("postmaster");
        Evaluation evaluation = new Evaluation(client, localPart, domain.get(), helo.map(String::strip).orElse("unknown"));
        try {
            Kind kind = evaluation.checkHost(domain.get());
            String reason = switch (kind) {
                case NONE -> evaluation.reason;
                case NEUTRAL, PASS, FAIL, SOFTFAIL -> evaluation.matched == null
                    ? "no term matched " + client.getHostAddress() : client.getHostAddress() + " matched " + evaluation.matched;
                default -> throw new IllegalStateException(kind.name());
            };
            return new SpfResult(kind, domain.get(), byHelo, reason);
        } catch (SpfException e) {
            return new SpfResult(e.kind(), domain.get(), byHelo, e.getMessage());
        }
    }

    private static String lowerCase(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** One check_host() run with its includes and redirects, which share the limits. */
    private final class Evaluation {
        private final InetAddress client;
        private final String localPart;
        private final String senderDomain;
        private final String helo;
        private int dnsTerms;
        private int voidLookups;
        private String matched;
        private String reason = "";

        Evaluation(InetAddress client, String localPart, String senderDomain, String helo) {
            this.client = client;
            this.localPart = localPart;
            this.senderDomain = senderDomain;
            this.helo = helo;
        }

        /** The result for {@code domain}; temperror and permerror are thrown. */
        Kind checkHost(String domain) throws SpfException {
            if (!isDomain(domain)) {
                reason = "'" + domain + "' is not a domain name";
                return Kind.NONE;
            }
            List<String> records;
            try {
                records = resolver.txt(domain).stream().filter(SpfRecord::isSpf).toList();
            } catch (UnknownHostException | IllegalArgumentException e) {
                records = List.of();
            } catch (DnsFailureException e) {
                throw SpfException.temperror(e.getMessage());
            }
            if (records.isEmpty()) {
                reason = domain + " publishes no SPF record";
                return Kind.NONE;
            }
            if (records.size() > 1) {
                throw SpfException.permerror(domain + " publishes " + records.size() + " SPF records");
            }
            SpfRecord record = SpfRecord.parse(records.get(0));
            for (Directive directive : record.directives()) {
                if (matches(directive, domain)) {
                    matched = directive.text();
                    return directive.result();
                }
            }
            if (record.redirect().isPresent()) {
                countDnsTerm("redirect=" + record.redirect().get());
                String target = expand(record.redirect().get(), domain);
                Kind kind = checkHost(target);
                if (kind == Kind.NONE) {
                    throw SpfException.permerror("redirect=" + target + ": " + reason);
                }
                return kind;
            }
            matched = null;
            return Kind.NEUTRAL;
        }

        private boolean matches(Directive directive, String domain) throws SpfException {
            if (directive.mechanism().asksDns()) {
                countDnsTerm(directive.text());
            }
            int prefix = client instanceof Inet6Address ? directive.cidr6() : directive.cidr4();
            String target = directive.domainSpec().isEmpty() ? domain : expand(directive.domainSpec(), domain);
            return switch (directive.mechanism()) {
                case ALL -> true;
                case IP4, IP6 -> SpfRecord.inNetwork(client, directive.network(), prefix);
                case PTR -> false;
                case A -> anyInNetwork(addresses(target, true), prefix);
                case MX -> anyInNetwork(mxAddresses(target), prefix);
                case EXISTS -> addresses(target, false).stream().anyMatch(Inet4Address.class::isInstance);
                case INCLUDE -> include(directive, target);
            };
        }

        private boolean include(Directive directive, String target) throws SpfException {
            String outerMatch = matched;
            Kind kind = checkHost(target);
            matched = outerMatch;
            return switch (kind) {
                case PASS -> true;
                case NONE -> throw SpfException.permerror(directive.text() + ": " + reason);
                default -> false;
            };
        }

        private boolean anyInNetwork(List<InetAddress> addresses, int prefix) {
            return addresses.stream().anyMatch(address -> SpfRecord.inNetwork(client, address, prefix));
        }

        /**
         * The addresses of {@code host}. With {@code sameFamily}, only those of the client's family, and
         * none of them is a void lookup; otherwise every address, and a name without any is void.
         */
        private List<InetAddress> addresses(String host, boolean sameFamily) throws SpfException {
            List<InetAddress> found = hostAddresses(host);
            if (sameFamily) {
                found = found.stream().filter(a -> a.getClass() == client.getClass()).toList();
            }
            if (found.isEmpty()) {
                countVoid(host);
            }
            return found;
        }

        private List<InetAddress> mxAddresses(String domain) throws SpfException {
            MxAnswer answer;
            try {
                answer = resolver.mx(domain);
            } catch (IllegalArgumentException e) {
                answer = MxAnswer.nxdomain();
            }
            switch (answer.kind()) {
                case FAILURE -> throw SpfException.temperror(answer.failure().orElse("MX lookup of " + domain + " failed"));
                case NXDOMAIN, NO_RECORDS -> {
                    countVoid(domain + " MX");
                    return List.of();
                }
                default -> { }
            }
            if (answer.records().size() > MAX_MX_NAMES) {
                throw SpfException.permerror(domain + " has " + answer.records().size() + " MX records; at most " + MAX_MX_NAMES
                    + " are evaluated");
            }
            List<InetAddress> found = new ArrayList<>();
            for (MxRecord mx : answer.records()) {
                if (!mx.isRootHost()) {
                    found.addAll(hostAddresses(mx.host()));
                }
            }
            return found;
        }

        /** A name that does not exist, or is not a DNS name, has no address; a failed lookup is a temperror. */
        private List<InetAddress> hostAddresses(String host) throws SpfException {
            try {
                return resolver.addresses(host);
            } catch (UnknownHostException | IllegalArgumentException e) {
                return List.of();
            } catch (DnsFailureException e) {
                throw SpfException.temperror(e.getMessage());
            }
        }

        private void countDnsTerm(String term) throws SpfException {
            if (++dnsTerms > MAX_DNS_TERMS) {
                throw SpfException.permerror("more than " + MAX_DNS_TERMS + " terms that ask DNS (at " + term + ")");
            }
        }

        private void countVoid(String what) throws SpfException {
            if (++voidLookups > MAX_VOID_LOOKUPS) {
                throw SpfException.permerror("more than " + MAX_VOID_LOOKUPS + " lookups found nothing (at " + what + ")");
            }
        }

        /** Expands the macros of a domain-spec (section 7) and shortens the result to 253 characters (7.3). */
        private String expand(String spec, String domain) throws SpfException {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < spec.length(); i++) {
                char c = spec.charAt(i);
                if (c != '%') {
                    out.append(c);
                    continue;
                }
                char next = spec.charAt(++i); // the record's grammar was checked: '%' is never last
                switch (next) {
                    case '%' -> out.append('%');
                    case '_' -> out.append(' ');
                    case '-' -> out.append("%20");
                    default -> {
                        int close = spec.indexOf('}', i);
                        out.append(macro(spec.substring(i + 1, close), domain));
                        i = close;
                    }
                }
            }
            String name = out.toString();
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            while (name.length() > MAX_DOMAIN_LENGTH && name.indexOf('.') > 0) {
                name = name.substring(name.indexOf('.') + 1);
            }
            return name;
        }

        /** One {@code %{...}} body: letter, optional digits, optional {@code r}, delimiters. */
        private String macro(String body, String domain) {
            char letter = body.charAt(0);
            String value = switch (Character.toLowerCase(letter)) {
                case 's' -> localPart + "@" + senderDomain;
                case 'l' -> localPart;
                case 'o' -> senderDomain;
                case 'd' -> domain;
                case 'i' -> dottedClient();
                case 'v' -> client instanceof Inet6Address ? "ip6" : "in-addr";
                case 'h' -> helo;
                default -> "unknown"; // 'p': the validated name needs PTR lookups this check does not make
            };
            int at = 1;
            while (at < body.length() && Character.isDigit(body.charAt(at))) {
                at++;
            }
            int keep = at > 1 ? Integer.parseInt(body.substring(1, at)) : Integer.MAX_VALUE;
            boolean reverse = at < body.length() && (body.charAt(at) == 'r' || body.charAt(at) == 'R');
            String delimiters = body.substring(reverse ? at + 1 : at);
            StringBuilder split = new StringBuilder("[");
            (delimiters.isEmpty() ? "." : delimiters).chars().forEach(d -> split.append('\\').append((char) d));
            List<String> parts = new ArrayList<>(List.of(value.split(split.append(']').toString(), -1)));
            if (reverse) {
                Collections.reverse(parts);
            }
            String result = String.join(".", parts.subList(Math.max(0, parts.size() - keep), parts.size()));
            return Character.isUpperCase(letter) ? urlEscape(result) : result;
        }

        private String dottedClient() {
            if (client instanceof Inet4Address) {
                return client.getHostAddress();
            }
            StringBuilder nibbles = new StringBuilder();
            for (byte b : client.getAddress()) {
                nibbles.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16)).append('.');
            }
            return nibbles.substring(0, nibbles.length() - 1);
        }
    }

    /** Escapes every character outside the URI "unreserved" set, as upper-case macro letters ask (section 7.3). */
    private static String urlEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Section 4.3: a multi-label name of labels of 1 to 63 octets, at most 253 in all. */
    private static boolean isDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH || InetAddresses.isInetAddress(domain)) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }
}
