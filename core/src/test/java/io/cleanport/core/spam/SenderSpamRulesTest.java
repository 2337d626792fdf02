package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.hit;
import static io.cleanport.core.spam.SpamTestMessages.plain;
import static io.cleanport.core.spam.SpamTestMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/** The sender rules: free web-mail addresses, and whether the message passed the provider's servers. */
class SenderSpamRulesTest {
    private static final String ORDINARY = plain("", "hello\n");

    private static String evidence(String ruleId, String raw) {
        return hit(ruleId, raw).map(RuleHit::evidence).orElseThrow(() -> new AssertionError(ruleId + " did not hit"));
    }

    /** The ordinary message with {@code from} as its sender and {@code received} as its only Received field. */
    private static String from(String from, String received) {
        return withField("From", from).replaceFirst("Received: [^\r]*", "Received: " + received);
    }

    @Test
    void freemailFrom() {
        assertThat(evidence("FREEMAIL_FROM", withField("From", "Jo <Jo.Smith@Hotmail.com>"))).isEqualTo("From domain hotmail.com");
        assertThat(evidence("FREEMAIL_FROM", withField("From", "jo@mail.yahoo.co.uk"))).isEqualTo("From domain yahoo.co.uk");
        assertThat(hit("FREEMAIL_FROM", ORDINARY)).isEmpty();
    }

    @Test
    void freemailForgedWhenNoReceivedFieldNamesTheProvider() {
        String forged = from("jo@yahoo.com", "from mx.example.org (mx.example.org [192.0.2.1]) by gateway.example.net;"
            + " Thu, 2 May 2024 10:00:00 +0000");
        assertThat(evidence("FREEMAIL_FORGED", forged))
            .isEqualTo("From domain yahoo.com but none of 1 Received fields names yahoo");

        assertThat(hit("FREEMAIL_FORGED", from("jo@yahoo.com", "from web12.mail.yahoo.com (web12.mail.yahoo.com [192.0.2.9])"
            + " by gateway.example.net; Thu, 2 May 2024 10:00:00 +0000"))).isEmpty();
        // MSN's mail leaves through Hotmail's servers
        assertThat(hit("FREEMAIL_FORGED", from("jo@msn.com", "from bay4-f12.bay4.hotmail.com by gateway.example.net;"
            + " Thu, 2 May 2024 10:00:00 +0000"))).isEmpty();
        assertThat(hit("FREEMAIL_FORGED", ORDINARY)).isEmpty();
        // without any Received field (an archived copy) nothing says which way it came
        assertThat(hit("FREEMAIL_FORGED", withField("Received", null).replace("alice@example.org", "jo@yahoo.com"))).isEmpty();
    }

    @Test
    void msmailPriorityForged() {
        assertThat(evidence("MSMAIL_PRIORITY_FORGED", plain("X-MSMail-Priority: High\n", "hi\n")))
            .isEqualTo("X-MSMail-Priority 'High' without X-MimeOLE");
        assertThat(hit("MSMAIL_PRIORITY_FORGED", plain("X-MSMail-Priority: Normal\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00\n",
            "hi\n"))).isEmpty();
        assertThat(hit("MSMAIL_PRIORITY_FORGED", ORDINARY)).isEmpty();
    }
}
