package io.cleanport.core.diagnostics;

import java.time.Duration;
import java.util.Objects;

/**
 * How a diagnostic SMTP conversation waits and how much it reads, so that a slow or hostile server costs a
 * bounded amount of time and memory.
 *
 * @param connectTimeout how long to wait for a TCP connection to one address; 1 ms to 5 minutes
 * @param readTimeout    how long to wait for each reply (and for the TLS handshake); 1 ms to 10 minutes
 * @param heloName       the gateway's host name, sent in EHLO and HELO
 * @param maxReplyLines  lines of one reply; 1 to 10,000
 * @param maxLineLength  characters of one reply line, code included; 64 to 1,000,000 (RFC 5321 allows 512)
 */
public record SmtpProbeSettings(Duration connectTimeout, Duration readTimeout, String heloName, int maxReplyLines,
                                int maxLineLength) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** An EHLO reply lists a dozen extensions; a hundred lines is far beyond any real server. */
    public static final int DEFAULT_MAX_REPLY_LINES = 100;
    public static final int DEFAULT_MAX_LINE_LENGTH = 2000;

    /** @throws IllegalArgumentException naming the bad field */
    public SmtpProbeSettings {
        within("connectTimeout", connectTimeout, Duration.ofMinutes(5));
        within("readTimeout", readTimeout, Duration.ofMinutes(10));
        Objects.requireNonNull(heloName, "heloName");
        // the name goes into a command line: a space or a line break would change the command
        if (heloName.isEmpty() || !heloName.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("heloName: expected a host name without spaces or control characters, got '"
                + heloName + "'");
        }
        if (maxReplyLines < 1 || maxReplyLines > 10_000) {
            throw new IllegalArgumentException("maxReplyLines: expected 1 to 10000, got " + maxReplyLines);
        }
        if (maxLineLength < 64 || maxLineLength > 1_000_000) {
            throw new IllegalArgumentException("maxLineLength: expected 64 to 1000000, got " + maxLineLength);
        }
    }

    /** Ten seconds to connect, thirty per reply, 100 lines of 2000 characters. */
    public static SmtpProbeSettings defaults(String heloName) {
        return new SmtpProbeSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, heloName, DEFAULT_MAX_REPLY_LINES,
            DEFAULT_MAX_LINE_LENGTH);
    }

    public SmtpProbeSettings withConnectTimeout(Duration value) {
        return new SmtpProbeSettings(value, readTimeout, heloName, maxReplyLines, maxLineLength);
    }

    public SmtpProbeSettings withReadTimeout(Duration value) {
        return new SmtpProbeSettings(connectTimeout, value, heloName, maxReplyLines, maxLineLength);
    }

    public SmtpProbeSettings withMaxReplyLines(int value) {
        return new SmtpProbeSettings(connectTimeout, readTimeout, heloName, value, maxLineLength);
    }

    public SmtpProbeSettings withMaxLineLength(int value) {
        return new SmtpProbeSettings(connectTimeout, readTimeout, heloName, maxReplyLines, value);
    }

    /** A duration as a person writes it in a message: {@code 30s}, {@code 300ms}. */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void within(String name, Duration value, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": expected 1 ms to " + words(max) + ", got " + value);
        }
    }
}
