package io.cleanport.core.spam;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.cleanport.core.scan.HeaderField;

/**
 * The message's own header read from its raw bytes: the fields (unfolded, not decoded) and what is wrong
 * with them as written. Linear in the header's length.
 */
final class TopHeader {
    private static final int MAX_PROBLEMS = 5;
    private static final int MAX_SHOWN_LINE_CHARS = 60;
    /** Fields a message may carry at most once (RFC 5322, section 3.6). */
    private static final Set<String> SINGLE = Set.of("date", "from", "sender", "reply-to", "to", "cc", "subject",
        "message-id", "in-reply-to", "references");

    final List<HeaderField> fields = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    private TopHeader() {
    }

    static TopHeader parse(byte[] bytes, int maxFields) {
        TopHeader header = new TopHeader();
        int start = 0;
        StringBuilder field = null;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String line = decode(bytes, start, lineEnd, header);
            lineNumber++;
            if (line.isEmpty()) { // the CR of the blank line that ends the header
                start = end + 1;
                continue;
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (field == null) {
                    header.problem("the header starts with a continuation line '" + shown(line) + "'");
                } else {
                    field.append(line);
                }
            } else {
                header.add(field, maxFields);
                field = null;
                if (validFieldStart(line)) {
                    field = new StringBuilder(line);
                } else if (lineNumber == 1 && line.startsWith("From ")) {
                    header.problem("a mailbox separator line '" + shown(line) + "' heads the message");
                } else {
                    header.problem("header line " + lineNumber + " has no field name and colon: '" + shown(line) + "'");
                }
            }
            start = end + 1;
        }
        header.add(field, maxFields);
        header.checkRepeats();
        return header;
    }

    private void add(StringBuilder field, int maxFields) {
        if (field == null || fields.size() >= maxFields) {
            return;
        }
        int colon = field.indexOf(":");
        String name = field.substring(0, colon).strip();
        fields.add(new HeaderField(name, field.substring(colon + 1).strip()));
    }

    private void checkRepeats() {
        Map<String, Integer> counts = new TreeMap<>();
        for (HeaderField field : fields) {
            if (SINGLE.contains(field.lowerCaseName())) {
                counts.merge(field.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        counts.forEach((name, count) -> {
            if (count > 1) {
                problem(count + " " + name + " fields; at most one is allowed");
            }
        });
    }

    /** A field name of printable ASCII (whitespace before the colon is tolerated, as RFC 5322 obsolete syntax). */
    private static boolean validFieldStart(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = line.substring(0, colon).stripTrailing();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    /** A line as UTF-8 when it is valid UTF-8 (RFC 6532), else as windows-1252 and a problem. */
    private static String decode(byte[] bytes, int from, int to, TopHeader header) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0 || bytes[i] == 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            line = new String(bytes, from, to - from, java.nio.charset.Charset.forName("windows-1252"));
            header.problem("raw 8-bit bytes that are not UTF-8 in '" + shown(line) + "'");
        }
        if (line.indexOf('\0') >= 0) {
            header.problem("a NUL byte in '" + shown(line) + "'");
        }
        return line;
    }

    private void problem(String detail) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(StructureProblem.MALFORMED_HEADER.describe(detail));
        }
    }

    private static String shown(String line) {
        return line.length() <= MAX_SHOWN_LINE_CHARS ? line : line.substring(0, MAX_SHOWN_LINE_CHARS) + "…";
    }
}
