package io.cleanport.core.spam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;

import io.cleanport.core.verdict.RuleHit;

/** Builds the messages of the spam tests in wire form (CRLF line ends), parses them, runs the rules. */
final class SpamTestMessages {
    /** The rules' clock: the day the test messages "arrive". */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T10:00:00Z"), ZoneOffset.UTC);
    static final SpamRules RULES = SpamRules.fromProperties(new Properties(), CLOCK);
    static final String HEADER = """
        Received: from mx.example.org (mx.example.org [192.0.2.1]) by gateway.example.net; Thu, 2 May 2024 10:00:00 +0000
        From: Alice <alice@example.org>
        To: bob@example.net
        Subject: Lunch on Friday
        Date: Thu, 2 May 2024 09:58:00 +0000
        Message-ID: <20240502095800.1234@mail.example.org>
        MIME-Version: 1.0
        """;

    private SpamTestMessages() {
    }

    /** {@code text} with LF line ends turned into CRLF. */
    static String wire(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** An ordinary header, then {@code extraHeaders}, then the body. */
    static String message(String extraHeaders, String body) {
        return wire(HEADER + extraHeaders + "\n" + body);
    }

    /**
     * A plain text message whose ordinary header field {@code name} is replaced by {@code value} (added when the
     * header has none), or removed when {@code value} is null.
     */
    static String withField(String name, String value) {
        StringBuilder header = new StringBuilder();
        HEADER.lines().filter(line -> !line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
            .forEach(line -> header.append(line).append('\n'));
        if (value != null) {
            header.append(name).append(": ").append(value).append('\n');
        }
        return wire(header + "Content-Type: text/plain; charset=us-ascii\n\nhello\n");
    }

    /** A plain text message with {@code extraHeaders}. */
    static String plain(String extraHeaders, String text) {
        return message(extraHeaders + "Content-Type: text/plain; charset=us-ascii\n", text);
    }

    /** An HTML-only message. */
    static String html(String html) {
        return message("Content-Type: text/html; charset=utf-8\n", html);
    }

    static SpamMessage parse(String raw) {
        return parse(raw, SmtpEnvelope.unknown());
    }

    static SpamMessage parse(String raw, SmtpEnvelope envelope) {
        return new SpamMessageParser().parse(raw.getBytes(StandardCharsets.ISO_8859_1), envelope);
    }

    /** The hit of one standard rule on the message, with its evidence. */
    static Optional<RuleHit> hit(String ruleId, String raw) {
        return hit(ruleId, raw, SmtpEnvelope.unknown());
    }

    static Optional<RuleHit> hit(String ruleId, String raw, SmtpEnvelope envelope) {
        RULES.score(ruleId); // fails on a misspelt id rather than finding no hit
        return RULES.evaluate(parse(raw, envelope)).stream().filter(hit -> hit.ruleId().equals(ruleId)).findFirst();
    }
}
