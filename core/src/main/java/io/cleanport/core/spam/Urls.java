package io.cleanport.core.spam;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.common.net.InternetDomainName;

/**
 * What the spam rules read of URLs and host names: the host a link goes to, whether it is an IP address, and
 * the domain its owner registered ({@code mail.example.co.uk} → {@code example.co.uk}, from Guava's copy of
 * the public suffix list). Linear, bounded work, no regular expressions.
 */
final class Urls {
    private static final int MAX_URL_CHARS = 2048;
    private static final String[] SCHEMES = {"http://", "https://", "ftp://"};
    private static final String[] TEXT_URL_STARTS = {"http://", "https://", "ftp://", "www."};

    private Urls() {
    }

    /**
     * The host of a web link, lower case, percent-decoded, without port or brackets' content changed; empty for
     * other links ({@code mailto:}, relative, {@code javascript:}). A link written {@code www.…} without scheme
     * counts as a web link, as mail programs make it one.
     */
    static Optional<String> host(String href) {
        return authority(href).map(authority -> {
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            String host;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            } else {
                int colon = hostPort.indexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            }
            host = percentDecode(host).toLowerCase(Locale.ROOT);
            while (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            return host;
        }).filter(host -> !host.isEmpty());
    }

    /** The user part of a web link's authority ({@code www.bank.example} in {@code http://www.bank.example@host/}). */
    static Optional<String> userInfo(String href) {
        return authority(href).filter(authority -> authority.indexOf('@') >= 0)
            .map(authority -> authority.substring(0, authority.lastIndexOf('@')));
    }

    private static Optional<String> authority(String href) {
        String url = href.strip();
        String rest = null;
        for (String scheme : SCHEMES) {
            if (url.regionMatches(true, 0, scheme, 0, scheme.length())) {
                rest = url.substring(scheme.length());
            }
        }
        if (rest == null && url.regionMatches(true, 0, "www.", 0, 4)) {
            rest = url;
        }
        if (rest == null) {
            return Optional.empty();
        }
        int end = 0;
        // browsers read a backslash as a slash in web links
        while (end < rest.length() && "/\\?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return Optional.of(rest.substring(0, end));
    }

    /**
     * Whether the host is an IP address: IPv6 in brackets, or IPv4 as browsers read it: up to four dot-separated
     * numbers, each decimal, octal ({@code 0300}) or hexadecimal ({@code 0xC0}), so {@code 3232235777} too.
     */
    static boolean isIpLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return true;
        }
        String[] numbers = host.split("\\.", -1);
        if (numbers.length > 4) {
            return false;
        }
        for (String number : numbers) {
            if (!isNumber(number)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String number) {
        if (number.isEmpty()) {
            return false;
        }
        boolean hex = number.length() > 2 && number.charAt(0) == '0' && (number.charAt(1) == 'x' || number.charAt(1) == 'X');
        for (int i = hex ? 2 : 0; i < number.length(); i++) {
            char c = Character.toLowerCase(number.charAt(i));
            if (!(c >= '0' && c <= '9') && !(hex && c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The registered domain of a host ({@code www.paypal.com} → {@code paypal.com}); an IP address as it is. */
    static String registeredDomain(String host) {
        if (isIpLiteral(host)) {
            return host;
        }
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : name.toString();
        } catch (IllegalArgumentException e) {
            // not a valid domain name for Guava (an underscore, a label too long): its last two labels
            int last = host.lastIndexOf('.');
            int previous = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
            return host.substring(previous + 1);
        }
    }

    /** Whether {@code text} is a host name with a public suffix ({@code paypal.com}, not {@code file.txt} or {@code v1.2}). */
    static boolean looksLikeDomain(String text) {
        if (text.length() > 253 || text.indexOf('.') < 0 || isIpLiteral(text)) {
            return false;
        }
        try {
            return InternetDomainName.from(text).isUnderPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Finds the URLs written in plain text: {@code http://}, {@code https://}, {@code ftp://} and {@code www.}
     * at the start of a word, up to a space, a quote or an angle bracket, trailing punctuation excluded. Each
     * character is looked at a bounded number of times.
     */
    static void findInText(CharSequence text, int from, int to, Consumer<String> urls) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            boolean wordStart = i == from || !Character.isLetterOrDigit(text.charAt(i - 1));
            if (wordStart && (c == 'h' || c == 'H' || c == 'f' || c == 'F' || c == 'w' || c == 'W') && startsUrl(text, i, to)) {
                int end = i;
                while (end < to && end - i < MAX_URL_CHARS && !endsUrl(text.charAt(end))) {
                    end++;
                }
                while (end > i && ".,;:!?)]}'".indexOf(text.charAt(end - 1)) >= 0) {
                    end--;
                }
                urls.accept(text.subSequence(i, end).toString());
                i = Math.max(end, i + 1);
            } else {
                i++;
            }
        }
    }

    private static boolean startsUrl(CharSequence text, int at, int to) {
        for (String prefix : TEXT_URL_STARTS) {
            if (at + prefix.length() < to && regionMatches(text, at, prefix) && !endsUrl(text.charAt(at + prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(CharSequence text, int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(text.charAt(at + i)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsUrl(char c) {
        return Character.isWhitespace(c) || c < 0x20 || "<>\"`{}|^".indexOf(c) >= 0;
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
