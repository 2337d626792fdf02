package io.cleanport.core.diagnostics;

import java.util.List;

/**
 * A server's reply to a command (or its greeting): the three-digit code and the text of each line, without
 * the code and its separator. {@code 250-mx.example.com\r\n250 SIZE 1000\r\n} has code 250 and lines
 * {@code mx.example.com} and {@code SIZE 1000}.
 *
 * @param code  100 to 599
 * @param lines at least one; a line's text may be empty
 */
public record SmtpReply(int code, List<String> lines) {

    /** @throws IllegalArgumentException for a code outside 100 to 599 or no line */
    public SmtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code: expected 100 to 599, got " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines: a reply has at least one line");
        }
    }

    public static SmtpReply of(int code, String... lines) {
        return new SmtpReply(code, List.of(lines));
    }

    /** The text of all lines, separated by spaces. */
    public String text() {
        return String.join(" ", lines);
    }

    /** 2xx: the command was accepted. */
    public boolean isPositive() {
        return code / 100 == 2;
    }

    /** 4xx: refused for now; the same command may succeed later. */
    public boolean isTransientNegative() {
        return code / 100 == 4;
    }

    /** 5xx: refused. */
    public boolean isPermanentNegative() {
        return code / 100 == 5;
    }

    /** The code and the text on one line, such as {@code 250 OK}. */
    @Override
    public String toString() {
        String text = text();
        return text.isEmpty() ? Integer.toString(code) : code + " " + text;
    }
}
