package io.cleanport.core.spam;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Reads the header values the spam rules look at: addresses and display names, dates, RFC 2047 encoded words.
 * Lenient as mail programs are, linear in the value's length, no regular expressions over message text.
 */
final class MailHeaders {
    private static final int MAX_CHARSET_CHARS = 40;
    private static final int MAX_PROBLEMS_PER_VALUE = 5;
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
        "oct", "nov", "dec");
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("ut", 0), Map.entry("utc", 0),
        Map.entry("gmt", 0), Map.entry("z", 0), Map.entry("edt", -4), Map.entry("est", -5), Map.entry("cdt", -5),
        Map.entry("cst", -6), Map.entry("mdt", -6), Map.entry("mst", -7), Map.entry("pdt", -7), Map.entry("pst", -8),
        Map.entry("bst", 1), Map.entry("cet", 1), Map.entry("cest", 2), Map.entry("met", 1), Map.entry("mest", 2));

    private MailHeaders() {
    }

    /** The address of a mailbox header value ({@code "Name" <a@b.example>}, {@code a@b.example (Name)}), lower case. */
    static Optional<String> address(String value) {
        String address;
        int open = value.lastIndexOf('<');
        int close = open < 0 ? -1 : value.indexOf('>', open);
        if (open >= 0 && close > open) {
            address = value.substring(open + 1, close).strip();
        } else {
            address = null;
            for (String token : withoutComments(value).split("[\\s,;]+")) {
                if (token.indexOf('@') > 0) {
                    address = token;
                    break;
                }
            }
        }
        if (address == null || address.indexOf('@') <= 0 || address.endsWith("@")) {
            return Optional.empty();
        }
        return Optional.of(address.toLowerCase(Locale.ROOT));
    }

    /** The domain of an address, lower case, without trailing dot or brackets' content changed. */
    static Optional<String> domain(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        while (domain.endsWith(".") || domain.endsWith(">")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    /** The display name of a mailbox header value, quotes removed, encoded words decoded; empty when none. */
    static String displayName(String value) {
        int open = value.lastIndexOf('<');
        String name;
        if (open >= 0) {
            name = value.substring(0, open);
        } else {
            int comment = value.indexOf('(');
            int end = value.lastIndexOf(')');
            name = comment >= 0 && end > comment ? value.substring(comment + 1, end) : "";
        }
        name = decode(name.strip());
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.replace("\\\"", "\"").strip();
    }

    /** RFC 2047 encoded words decoded, leniently; the rest as it is. */
    static String decode(String value) {
        return value.contains("=?") ? DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT) : value;
    }

    private static String withoutComments(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An RFC 5322 date ({@code Wed, 21 Aug 2002 20:31:57 -0400 (EDT)}), read as mail programs read it: the day
     * name optional, two-digit years, seconds optional, named zones of North America and Europe; an unknown
     * zone name counts as UTC. Empty when it cannot be read, or its zone offset or a field is out of range.
     */
    static Optional<OffsetDateTime> date(String value) {
        String[] tokens = withoutComments(value).replace(',', ' ').strip().toLowerCase(Locale.ROOT).split("\\s+");
        int i = 0;
        if (tokens.length > 0 && !tokens[0].isEmpty() && Character.isLetter(tokens[0].charAt(0))) {
            i++; // the day name
        }
        if (tokens.length - i < 4) {
            return Optional.empty();
        }
        try {
            int day = Integer.parseInt(tokens[i]);
            int month = MONTHS.indexOf(tokens[i + 1].length() >= 3 ? tokens[i + 1].substring(0, 3) : tokens[i + 1]) + 1;
            int year = Integer.parseInt(tokens[i + 2]);
            if (tokens[i + 2].length() <= 2) {
                year += year < 50 ? 2000 : 1900;
            } else if (tokens[i + 2].length() == 3) {
                year += 1900;
            }
            String[] clock = tokens[i + 3].split(":");
            if (month < 1 || clock.length < 2 || clock.length > 3) {
                return Optional.empty();
            }
            LocalTime time = LocalTime.of(Integer.parseInt(clock[0]), Integer.parseInt(clock[1]),
                clock.length == 3 ? Integer.parseInt(clock[2]) : 0);
            ZoneOffset offset = tokens.length > i + 4 ? offset(tokens[i + 4]) : ZoneOffset.UTC;
            if (offset == null) {
                return Optional.empty();
            }
            return Optional.of(OffsetDateTime.of(LocalDate.of(year, month, day), time, offset));
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A zone as {@code +hhmm}, {@code -hhmm} or a name; null when it is a number out of range. */
    private static ZoneOffset offset(String zone) {
        if (zone.length() == 5 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')) {
            int hours = Integer.parseInt(zone.substring(1, 3));
            int minutes = Integer.parseInt(zone.substring(3, 5));
            if (hours > 14 || minutes > 59) {
                return null;
            }
            int sign = zone.charAt(0) == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        if (zone.charAt(0) == '+' || zone.charAt(0) == '-' || Character.isDigit(zone.charAt(0))) {
            return null;
        }
        return ZoneOffset.ofHours(ZONES.getOrDefault(zone, 0));
    }

    /**
     * What is wrong with the RFC 2047 encoded words of a header value: unterminated, an encoding other than B or Q,
     * an unknown charset, base64 with characters outside its alphabet; the first few. Each {@code =?} is looked at once.
     */
    static List<String> encodedWordProblems(String value) {
        List<String> problems = new ArrayList<>();
        int from = 0;
        while (problems.size() < MAX_PROBLEMS_PER_VALUE) {
            int start = value.indexOf("=?", from);
            if (start < 0) {
                return problems;
            }
            int charsetEnd = value.indexOf('?', start + 2);
            if (charsetEnd < 0 || charsetEnd - start - 2 > MAX_CHARSET_CHARS || charsetEnd == start + 2
                || hasSpace(value, start + 2, charsetEnd)) {
                from = start + 2; // "=?" in text, not an encoded word
                continue;
            }
            String charset = value.substring(start + 2, charsetEnd);
            int star = charset.indexOf('*'); // RFC 2231 language
            if (star >= 0) {
                charset = charset.substring(0, star);
            }
            if (charsetEnd + 2 >= value.length() || value.charAt(charsetEnd + 2) != '?') {
                problems.add("'" + shown(value, start) + "' has no encoding");
                from = charsetEnd + 1;
                continue;
            }
            char encoding = Character.toUpperCase(value.charAt(charsetEnd + 1));
            int textStart = charsetEnd + 3;
            int end = textStart;
            while (end < value.length() && !Character.isWhitespace(value.charAt(end))
                && !(value.charAt(end) == '?' && end + 1 < value.length() && value.charAt(end + 1) == '=')) {
                end++;
            }
            String word = value.substring(start, Math.min(value.length(), end + 2));
            if (end >= value.length() || value.charAt(end) != '?') {
                problems.add("'" + shown(word, 0) + "' is not terminated by ?=");
            } else if (encoding != 'B' && encoding != 'Q') {
                problems.add("'" + shown(word, 0) + "' has the unknown encoding '" + encoding + "'");
            } else if (!knownCharset(charset)) {
                problems.add("'" + shown(word, 0) + "' has the unknown charset '" + charset + "'");
            } else if (encoding == 'B' && !isBase64(value, textStart, end)) {
                problems.add("'" + shown(word, 0) + "' is not valid base64");
            }
            from = Math.max(end, start + 2);
        }
        return problems;
    }

    static boolean knownCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isBase64(String value, int from, int to) {
        int padding = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '=') {
                padding++;
            } else if (padding > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/')) {
                return false;
            }
        }
        return padding <= 2 && (to - from) % 4 != 1;
    }

    private static boolean hasSpace(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String shown(String value, int from) {
        String shown = value.substring(from);
        return shown.length() <= 60 ? shown : shown.substring(0, 60) + "…";
    }
}
