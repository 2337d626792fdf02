package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.hit;
import static io.cleanport.core.spam.SpamTestMessages.message;
import static io.cleanport.core.spam.SpamTestMessages.plain;
import static io.cleanport.core.spam.SpamTestMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/** The header and envelope rules: each hits where it should, with its evidence, and not on ordinary mail. */
class HeaderSpamRulesTest {
    private static final String ORDINARY = plain("", "hello\n");

    private static String evidence(String ruleId, String raw) {
        return hit(ruleId, raw).map(RuleHit::evidence).orElseThrow(() -> new AssertionError(ruleId + " did not hit"));
    }

    private static SmtpEnvelope sender(String address) {
        return new SmtpEnvelope(Optional.of(address), Optional.empty(), Optional.empty());
    }

    @Test
    void missingDate() {
        assertThat(evidence("MISSING_DATE", withField("Date", null))).isEqualTo("no Date field");
        assertThat(hit("MISSING_DATE", ORDINARY)).isEmpty();
    }

    @Test
    void missingMessageId() {
        assertThat(evidence("MISSING_MESSAGE_ID", withField("Message-ID", null))).isEqualTo("no Message-ID field");
        assertThat(hit("MISSING_MESSAGE_ID", withField("Message-ID", " "))).isPresent();
        assertThat(hit("MISSING_MESSAGE_ID", ORDINARY)).isEmpty();
    }

    @Test
    void forgedDate() {
        assertThat(evidence("FORGED_DATE", withField("Date", "Wed, 21 Aug 2002 20:31:57 -1600")))
            .isEqualTo("Date 'Wed, 21 Aug 2002 20:31:57 -1600' cannot be read");
        assertThat(evidence("FORGED_DATE", withField("Date", "Tue, 7 May 2024 10:00:00 +0000")))
            .isEqualTo("Date 'Tue, 7 May 2024 10:00:00 +0000' is 5 days after the message was received");
        assertThat(evidence("FORGED_DATE", withField("Date", "1 Mar 2024 10:00 GMT")))
            .isEqualTo("Date '1 Mar 2024 10:00 GMT' is 62 days before its first Received field");
        assertThat(hit("FORGED_DATE", ORDINARY)).isEmpty();
        assertThat(hit("FORGED_DATE", withField("Date", "Thu, 02 May 2024 05:58:00 -0400 (EDT)"))).isEmpty();
    }

    @Test
    void forgedDateWithoutReceivedFieldsIsJudgedByTheClockOnlyForTheFuture() {
        String archived = withField("Received", null);
        assertThat(hit("FORGED_DATE", archived.replace("Thu, 2 May 2024 09:58:00", "Mon, 2 Sep 2002 09:58:00"))).isEmpty();
        assertThat(evidence("FORGED_DATE", archived.replace("Thu, 2 May 2024 09:58:00", "Thu, 9 May 2024 10:00:00")))
            .endsWith("after now");
    }

    @Test
    void dateInFuture() {
        assertThat(evidence("DATE_IN_FUTURE", withField("Date", "Thu, 2 May 2024 16:00:00 +0000")))
            .isEqualTo("Date 'Thu, 2 May 2024 16:00:00 +0000' is 6 hours after its first Received field");
        assertThat(hit("DATE_IN_FUTURE", withField("Date", "Thu, 2 May 2024 12:30:00 +0000"))).isEmpty();
        assertThat(hit("DATE_IN_FUTURE", ORDINARY)).isEmpty();
        // days ahead is FORGED_DATE's, not counted twice
        assertThat(hit("DATE_IN_FUTURE", withField("Date", "Tue, 7 May 2024 10:00:00 +0000"))).isEmpty();
        assertThat(hit("DATE_IN_FUTURE", withField("Received", null).replace("09:58:00", "16:00:00"))).isEmpty();
    }

    @Test
    void missingFrom() {
        assertThat(evidence("MISSING_FROM", withField("From", null))).isEqualTo("From: missing");
        assertThat(evidence("MISSING_FROM", withField("From", "Nobody"))).isEqualTo("From: 'Nobody'");
        assertThat(hit("MISSING_FROM", ORDINARY)).isEmpty();
    }

    @Test
    void replyToOtherDomain() {
        assertThat(evidence("REPLY_TO_OTHER_DOMAIN", withField("Reply-To", "claims <agent7@freemail.example>")))
            .isEqualTo("Reply-To agent7@freemail.example, From alice@example.org");
        assertThat(hit("REPLY_TO_OTHER_DOMAIN", withField("Reply-To", "alice@lists.example.org"))).isEmpty();
        assertThat(hit("REPLY_TO_OTHER_DOMAIN", plain("Reply-To: list@lists.example.com\nList-Id: <l.example.com>\n", "hi\n")))
            .isEmpty();
    }

    @Test
    void fromEnvelopeMismatch() {
        assertThat(hit("FROM_ENVELOPE_MISMATCH", ORDINARY, sender("x@bulk.example.com")).map(RuleHit::evidence))
            .contains("From domain example.org, envelope sender x@bulk.example.com");
        assertThat(hit("FROM_ENVELOPE_MISMATCH", ORDINARY, sender("bounces+1234@mail.example.org"))).isEmpty();
        assertThat(hit("FROM_ENVELOPE_MISMATCH", ORDINARY)).isEmpty();
        assertThat(hit("FROM_ENVELOPE_MISMATCH", plain("List-Id: <l.example.com>\n", "hi\n"), sender("owner@example.com")))
            .isEmpty();
    }

    @Test
    void fromDisplayNameAddress() {
        assertThat(evidence("FROM_DISPLAY_NAME_ADDRESS", withField("From", "\"service@paypal.com\" <x@evil.example>")))
            .isEqualTo("display name 'service@paypal.com' of From x@evil.example");
        assertThat(hit("FROM_DISPLAY_NAME_ADDRESS", withField("From", "\"alice@example.org\" <alice@mail.example.org>")))
            .isEmpty();
        assertThat(hit("FROM_DISPLAY_NAME_ADDRESS", ORDINARY)).isEmpty();
    }

    @Test
    void undisclosedRecipients() {
        assertThat(evidence("UNDISCLOSED_RECIPIENTS", withField("To", "undisclosed-recipients:;")))
            .isEqualTo("To 'undisclosed-recipients:;'");
        assertThat(hit("UNDISCLOSED_RECIPIENTS", withField("To", null))).isEmpty();
        assertThat(hit("UNDISCLOSED_RECIPIENTS", ORDINARY)).isEmpty();
    }

    @Test
    void subjectAllCaps() {
        assertThat(evidence("SUBJECT_ALL_CAPS", withField("Subject", "FREE MONEY FOR YOU")))
            .isEqualTo("Subject 'FREE MONEY FOR YOU'");
        assertThat(hit("SUBJECT_ALL_CAPS", withField("Subject", "=?utf-8?Q?GRATIS_GELD_F=C3=9CR_SIE?="))).isPresent();
        assertThat(hit("SUBJECT_ALL_CAPS", withField("Subject", "RE: FYI"))).isEmpty();
        assertThat(hit("SUBJECT_ALL_CAPS", ORDINARY)).isEmpty();
    }

    @Test
    void subjectEncodedNeedlessly() {
        assertThat(evidence("SUBJECT_ENCODED_NEEDLESSLY", withField("Subject", "=?utf-8?B?RnJlZSBtb25leQ==?=")))
            .isEqualTo("Subject '=?utf-8?B?RnJlZSBtb25leQ==?=' is plain 'Free money'");
        assertThat(hit("SUBJECT_ENCODED_NEEDLESSLY", withField("Subject", "=?utf-8?Q?Caf=C3=A9?="))).isEmpty();
        assertThat(hit("SUBJECT_ENCODED_NEEDLESSLY", ORDINARY)).isEmpty();
    }

    @Test
    void manyExclamations() {
        assertThat(evidence("MANY_EXCLAMATIONS", withField("Subject", "Act now!!"))).isEqualTo("Subject 'Act now!!'");
        assertThat(evidence("MANY_EXCLAMATIONS", plain("", "Win!!! Now!!!! Today!!!\n")))
            .isEqualTo("3 runs of '!!!' in the text");
        assertThat(hit("MANY_EXCLAMATIONS", plain("", "Great! Thanks! See you!!!\n"))).isEmpty();
    }

    @Test
    void mimeVersionMissing() {
        String noVersion = message("Content-Type: text/html\n", "<p>hi</p>\n").replace("MIME-Version: 1.0\r\n", "");
        assertThat(evidence("MIME_VERSION_MISSING", noVersion)).isEqualTo("Content-Type 'text/html' without MIME-Version");
        assertThat(hit("MIME_VERSION_MISSING", withField("MIME-Version", null))).isEmpty(); // plain text needs no MIME
        assertThat(hit("MIME_VERSION_MISSING", message("Content-Type: text/html\n", "<p>hi</p>\n"))).isEmpty();
    }

    @Test
    void forgedOutlookExpress() {
        String mailer = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n";
        assertThat(evidence("FORGED_OUTLOOK_EXPRESS", plain(mailer, "hi\n")))
            .isEqualTo("X-Mailer 'Microsoft Outlook Express 6.00.2600.0000' without X-MimeOLE");
        String mimeOle = mailer + "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\n";
        assertThat(evidence("FORGED_OUTLOOK_EXPRESS", plain(mimeOle, "hi\n")))
            .startsWith("X-Mailer 'Microsoft Outlook Express 6.00.2600.0000' with Message-ID '<20240502095800.1234@");
        String genuine = plain(mimeOle, "hi\n").replace("<20240502095800.1234@mail.example.org>",
            "<001a01c24a5b$3f0e8a20$0a00a8c0@alice>");
        assertThat(hit("FORGED_OUTLOOK_EXPRESS", genuine)).isEmpty();
        assertThat(hit("FORGED_OUTLOOK_EXPRESS", plain("X-Mailer: Microsoft Outlook Express Macintosh Edition - 5.0\n", "hi\n")))
            .isEmpty();
    }

    @Test
    void priorityHigh() {
        assertThat(evidence("PRIORITY_HIGH", plain("X-Priority: 1 (Highest)\n", "hi\n"))).isEqualTo("X-Priority: '1 (Highest)'");
        assertThat(evidence("PRIORITY_HIGH", plain("X-MSMail-Priority: High\n", "hi\n"))).isEqualTo("X-MSMail-Priority: High");
        assertThat(hit("PRIORITY_HIGH", plain("X-Priority: 3 (Normal)\n", "hi\n"))).isEmpty();
    }
}
