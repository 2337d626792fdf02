package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.RULES;
import static io.cleanport.core.spam.SpamTestMessages.hit;
import static io.cleanport.core.spam.SpamTestMessages.message;
import static io.cleanport.core.spam.SpamTestMessages.plain;
import static io.cleanport.core.spam.SpamTestMessages.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/** The rules about badly composed mail: counted at level 5 only, each hits on its kind of problem. */
class CompositionSpamRulesTest {
    private static final String ORDINARY = plain("", "hello\n");
    private static final List<String> COMPOSITION = List.of("COMPOSITION_MIME_STRUCTURE_ERROR", "COMPOSITION_MISSING_BOUNDARY", "COMPOSITION_BARE_LF",
        "COMPOSITION_MALFORMED_HEADER", "COMPOSITION_BASE64_TRUNCATED", "COMPOSITION_INVALID_ENCODED_WORD");

    private static String evidence(String ruleId, String raw) {
        return hit(ruleId, raw).map(RuleHit::evidence).orElseThrow(() -> new AssertionError(ruleId + " did not hit"));
    }

    @Test
    void exactlyTheseRulesAreCompositionRules() {
        assertThat(RULES.rules()).filteredOn(SpamRule::composition).extracting(SpamRule::id)
            .containsExactlyElementsOf(COMPOSITION);
        assertThat(COMPOSITION).allMatch(RULES::isComposition);
        assertThat(RULES.isComposition("HTML_ONLY")).isFalse();
    }

    @Test
    void noCompositionRuleHitsOrdinaryMail() {
        assertThat(RULES.evaluate(SpamTestMessages.parse(ORDINARY))).extracting(RuleHit::ruleId)
            .doesNotContainAnyElementsOf(COMPOSITION);
    }

    @Test
    void mimeStructureError() {
        String badQuotedPrintable = message("Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n",
            "price =ZZ only\n");
        assertThat(evidence("COMPOSITION_MIME_STRUCTURE_ERROR", badQuotedPrintable)).contains("in the message");
        assertThat(hit("COMPOSITION_MIME_STRUCTURE_ERROR", ORDINARY)).isEmpty();
    }

    @Test
    void missingBoundary() {
        assertThat(evidence("COMPOSITION_MISSING_BOUNDARY", message("Content-Type: multipart/mixed\n", "hello\n")))
            .isEqualTo("message body (text/plain) declares multipart/mixed without a boundary");
        assertThat(hit("COMPOSITION_MISSING_BOUNDARY", message("Content-Type: multipart/mixed; boundary=b\n",
            "--b\nContent-Type: text/plain\n\nhello\n--b--\n"))).isEmpty();
    }

    @Test
    void bareLf() {
        assertThat(evidence("COMPOSITION_BARE_LF", ORDINARY + "more\n")).isEqualTo("1 bare LF and 0 bare CR line ends among 10 CRLF line ends");
        assertThat(hit("COMPOSITION_BARE_LF", ORDINARY.replace("\r\n", "\n"))).isEmpty();
    }

    @Test
    void malformedHeader() {
        assertThat(evidence("COMPOSITION_MALFORMED_HEADER", wire("From: a@example.org\nno colon here\n\nhello\n")))
            .isEqualTo("header line 2 has no field name and colon: 'no colon here'");
        assertThat(evidence("COMPOSITION_MALFORMED_HEADER", wire("Subject: one\nSubject: two\n\nhello\n")))
            .isEqualTo("2 subject fields; at most one is allowed");
        assertThat(hit("COMPOSITION_MALFORMED_HEADER", ORDINARY)).isEmpty();
    }

    @Test
    void base64Truncated() {
        String raw = message("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n", "QUJDREVGR0hJ\nSktM\nTQ\n");
        assertThat(evidence("COMPOSITION_BASE64_TRUNCATED", raw)).startsWith("Unexpected end of BASE64 stream");
        assertThat(hit("COMPOSITION_BASE64_TRUNCATED", message("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n",
            "QUJD\n"))).isEmpty();
    }

    @Test
    void invalidEncodedWord() {
        assertThat(evidence("COMPOSITION_INVALID_ENCODED_WORD", plain("", "hi\n").replace("Subject: Lunch on Friday",
            "Subject: =?utf-8?B?Zm9v")))
            .isEqualTo("in Subject, '=?utf-8?B?Zm9v' is not terminated by ?=");
        assertThat(hit("COMPOSITION_INVALID_ENCODED_WORD", plain("", "hi\n").replace("Subject: Lunch on Friday",
            "Subject: =?utf-8?Q?Caf=C3=A9?="))).isEmpty();
    }
}
