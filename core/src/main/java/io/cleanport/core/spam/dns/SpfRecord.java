package io.cleanport.core.spam.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;

/**
 * An SPF record parsed by the grammar of RFC 7208 section 12: its directives in order and its
 * {@code redirect} modifier. The whole record is checked before any of it is evaluated, as section 4.6
 * requires: any syntax error makes the record a {@code permerror}. {@code exp} is checked and otherwise
 * ignored (the gateway scores mail, it does not reject it with the domain's explanation); unknown
 * modifiers are ignored.
 */
record SpfRecord(List<Directive> directives, Optional<String> redirect) {
    /** The mechanisms of RFC 7208 section 5. */
    enum Mechanism {
        ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS;

        /** Whether evaluating it asks DNS, which counts against the limit of section 4.6.4. */
        boolean asksDns() {
            return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
        }
    }

    /**
     * One directive.
     *
     * @param result     the result when it matches, from its qualifier
     * @param domainSpec the target as written, macros unexpanded; empty for "the current domain"
     * @param network    the network of {@code ip4} and {@code ip6}; null otherwise
     * @param cidr4      the prefix length for IPv4 addresses (32 when not given)
     * @param cidr6      the prefix length for IPv6 addresses (128 when not given)
     * @param text       the term as written, for explanations
     */
    record Directive(SpfResult.Kind result, Mechanism mechanism, String domainSpec, InetAddress network, int cidr4, int cidr6,
                     String text) {
    }

    private static final String VERSION = "v=spf1";
    /** The inside of {@code %{...}}: letter, transformers, delimiters. Letters c, r and t are for explanations only (section 7.2). */
    private static final Pattern DOMAIN_MACRO = Pattern.compile("[slodiphvSLODIPHV](?:[1-9][0-9]{0,2})?[rR]?[.\\-+,/_=]*");
    private static final Pattern ANY_MACRO = Pattern.compile("[slodiphcrtvSLODIPHCRTV](?:[1-9][0-9]{0,2})?[rR]?[.\\-+,/_=]*");
    private static final int INVALID = -1;
    private static final int ENDS_WITH_LITERAL = 0;
    private static final int ENDS_WITH_MACRO = 1;
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)");
    private static final Pattern DIRECTIVE = Pattern.compile("([+\\-~?]?)([A-Za-z0-9]+)(.*)");
    /** A target, then the dual CIDR length of a and mx: [":" domain-spec] ["/" ip4-cidr] ["//" ip6-cidr]. */
    private static final Pattern TARGET_AND_CIDR = Pattern.compile("(?::(.+?))?(?:/(0|[1-9][0-9]?))?(?://(0|[1-9][0-9]{0,2}))?");
    private static final Pattern NETWORK = Pattern.compile(":([^/]+)(?:/(0|[1-9][0-9]{0,2}))?");

    SpfRecord {
        directives = List.copyOf(directives);
    }

    /** Whether a TXT record is an SPF record: "v=spf1" alone or followed by a space (section 4.5). */
    static boolean isSpf(String txt) {
        return txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
            && (txt.length() == VERSION.length() || txt.charAt(VERSION.length()) == ' ');
    }

    /** @throws SpfException a permerror naming the first term that breaks the grammar */
    static SpfRecord parse(String txt) throws SpfException {
        if (!isSpf(txt)) {
            throw SpfException.permerror("not an SPF record: " + txt);
        }
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        boolean explanation = false;
        for (String term : txt.substring(VERSION.length()).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches()) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                String value = modifier.group(2);
                if (name.equals("redirect") || name.equals("exp")) {
                    if (name.equals("redirect") ? redirect != null : explanation) {
                        throw SpfException.permerror("the " + name + " modifier appears twice");
                    }
                    requireDomainSpec(term, value);
                    if (name.equals("redirect")) {
                        redirect = value;
                    } else {
                        explanation = true;
                    }
                } else if (scanMacroString(value, ANY_MACRO) == INVALID) {
                    throw SpfException.permerror("bad modifier " + term);
                }
                continue;
            }
            directives.add(directive(term));
        }
        return new SpfRecord(directives, Optional.ofNullable(redirect));
    }

    private static Directive directive(String term) throws SpfException {
        Matcher matcher = DIRECTIVE.matcher(term);
        if (!matcher.matches()) {
            throw SpfException.permerror("bad term " + term);
        }
        SpfResult.Kind result = switch (matcher.group(1)) {
            case "-" -> SpfResult.Kind.FAIL;
            case "~" -> SpfResult.Kind.SOFTFAIL;
            case "?" -> SpfResult.Kind.NEUTRAL;
            default -> SpfResult.Kind.PASS;
        };
        String rest = matcher.group(3);
        Mechanism mechanism;
        try {
            mechanism = Mechanism.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SpfException.permerror("unknown mechanism " + term);
        }
        switch (mechanism) {
            case ALL -> {
                if (!rest.isEmpty()) {
                    throw SpfException.permerror("bad term " + term);
                }
                return new Directive(result, mechanism, "", null, 32, 128, term);
            }
            case INCLUDE, EXISTS -> {
                if (!rest.startsWith(":")) {
                    throw SpfException.permerror(term + " needs a domain");
                }
                return new Directive(result, mechanism, requireDomainSpec(term, rest.substring(1)), null, 32, 128, term);
            }
            case A, MX, PTR -> {
                Matcher parts = TARGET_AND_CIDR.matcher(rest);
                if (!parts.matches() || (mechanism == Mechanism.PTR && (parts.group(2) != null || parts.group(3) != null))) {
                    throw SpfException.permerror("bad term " + term);
                }
                String domainSpec = parts.group(1) == null ? "" : requireDomainSpec(term, parts.group(1));
                int cidr4 = prefix(term, parts.group(2), 32);
                int cidr6 = prefix(term, parts.group(3), 128);
                return new Directive(result, mechanism, domainSpec, null, cidr4, cidr6, term);
            }
            default -> {
                Matcher parts = NETWORK.matcher(rest);
                boolean ip4 = mechanism == Mechanism.IP4;
                if (!parts.matches() || parts.group(1).contains(":") == ip4 || !InetAddresses.isInetAddress(parts.group(1))) {
                    throw SpfException.permerror("bad network in " + term);
                }
                InetAddress network = InetAddresses.forString(parts.group(1));
                int length = prefix(term, parts.group(2), ip4 ? 32 : 128);
                // Java folds an IPv4-mapped IPv6 network into IPv4, whose prefix then counts from the IPv4 part.
                int cidr4 = ip4 ? length : network instanceof Inet4Address ? Math.max(0, length - 96) : 32;
                return new Directive(result, mechanism, "", network, cidr4, ip4 ? 128 : length, term);
            }
        }
    }

    /** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand. */
    private static String requireDomainSpec(String term, String domainSpec) throws SpfException {
        int end = scanMacroString(domainSpec, DOMAIN_MACRO);
        String name = domainSpec.endsWith(".") ? domainSpec.substring(0, domainSpec.length() - 1) : domainSpec;
        int dot = name.lastIndexOf('.');
        boolean valid = end == ENDS_WITH_MACRO || (end == ENDS_WITH_LITERAL && dot >= 0 && isTopLabel(name.substring(dot + 1)));
        if (!valid) {
            throw SpfException.permerror("bad domain in " + term);
        }
        return domainSpec;
    }

    /**
     * Reads a macro-string (section 7.1) in one pass, without backtracking: record text comes from the
     * sender's DNS. Says whether it ends with a literal or a macro-expand, or is invalid.
     */
    private static int scanMacroString(String text, Pattern macro) {
        int end = ENDS_WITH_LITERAL;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                int close = text.indexOf('}', i);
                if (next == '{' && close > 0 && macro.matcher(text.substring(i + 2, close)).matches()) {
                    i = close;
                } else if (next == '%' || next == '_' || next == '-') {
                    i++;
                } else {
                    return INVALID;
                }
                end = ENDS_WITH_MACRO;
            } else if (c < 0x21 || c > 0x7e) {
                return INVALID;
            } else {
                end = ENDS_WITH_LITERAL;
            }
        }
        return end;
    }

    /** toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ). */
    private static boolean isTopLabel(String label) {
        if (label.isEmpty() || !label.chars().allMatch(c -> c == '-' || isAlphanumeric(c))) {
            return false;
        }
        boolean hyphenated = label.indexOf('-') > 0 && label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-';
        return hyphenated || (label.indexOf('-') < 0 && label.chars().anyMatch(Character::isLetter));
    }

    private static boolean isAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static int prefix(String term, String digits, int max) throws SpfException {
        if (digits == null) {
            return max;
        }
        int length = Integer.parseInt(digits);
        if (length > max) {
            throw SpfException.permerror("prefix length over " + max + " in " + term);
        }
        return length;
    }

    /** Whether {@code address} lies in {@code network}/{@code length}; addresses of another family never do. */
    static boolean inNetwork(InetAddress address, InetAddress network, int length) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int whole = length / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int bits = length % 8;
        int mask = (0xff << (8 - bits)) & 0xff;
        return bits == 0 || (a[whole] & mask) == (n[whole] & mask);
    }
}
