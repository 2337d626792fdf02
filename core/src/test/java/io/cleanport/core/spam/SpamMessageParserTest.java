package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.html;
import static io.cleanport.core.spam.SpamTestMessages.message;
import static io.cleanport.core.spam.SpamTestMessages.parse;
import static io.cleanport.core.spam.SpamTestMessages.plain;
import static io.cleanport.core.spam.SpamTestMessages.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cleanport.core.scan.EicarInspector;
import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.MessageWalker;
import io.cleanport.core.scan.ScanLimits;
import io.cleanport.core.spam.SpamMessage.Link;
import io.cleanport.core.spam.SpamMessage.Part;

/** What the parser gathers of a message, and what it does with broken and hostile ones. */
class SpamMessageParserTest {
    private static final String ALTERNATIVE = message("Content-Type: multipart/alternative; boundary=alt\n", """
        --alt
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: quoted-printable

        Caf=C3=A9 at noon? See http://www.example.org/menu, or www.example.com/map.
        --alt
        Content-Type: text/html; charset=utf-8

        <html><head><style>p { color: red }</style><script>var x = "<b>no</b>";</script></head>
        <body><p>Caf&eacute; at <b>noon</b>?</p><!-- a comment -->
        <a href="http://www.example.org/menu?a=1&amp;b=2">the menu</a>
        <map><area href="http://maps.example.com/"></map></body></html>
        --alt--
        """);

    @Test
    void theHeaderIsTheMessagesOwnUnfoldedAndInOrder() {
        SpamMessage message = parse(message("X-Folded: one\n two\n", "hello\n"));

        assertThat(message.headers().get(0).name()).isEqualTo("Received");
        assertThat(message.header("subject")).contains("Lunch on Friday");
        assertThat(message.header("X-Folded")).contains("one two");
        assertThat(message.headers("From")).containsExactly("Alice <alice@example.org>");
    }

    @Test
    void theHeaderOfAMultipartIsTheMessagesNotItsPartsHeaders() {
        SpamMessage message = parse(ALTERNATIVE);

        assertThat(message.header("Content-Type")).contains("multipart/alternative; boundary=alt");
        assertThat(message.headers("Content-Type")).hasSize(1);
    }

    @Test
    void textIsThePlainPartsThenTheVisibleTextOfHtml() {
        SpamMessage message = parse(ALTERNATIVE);

        assertThat(message.text()).startsWith("Café at noon? See http://www.example.org/menu, or www.example.com/map.\n");
        assertThat(message.text()).contains("Café at noon?").contains("the menu")
            .doesNotContain("color: red").doesNotContain("no</b>").doesNotContain("a comment");
        assertThat(message.html()).contains("<b>noon</b>").contains("<!-- a comment -->");
    }

    @Test
    void linksOfHtmlAndUrlsOfPlainTextAreCollected() {
        SpamMessage message = parse(ALTERNATIVE);

        assertThat(message.links()).containsExactly(
            new Link("http://www.example.org/menu", "", false),
            new Link("www.example.com/map", "", false),
            new Link("http://www.example.org/menu?a=1&b=2", "the menu", true),
            new Link("http://maps.example.com/", "", true));
    }

    @Test
    void anchorTextIsWhatTheReaderSeesInsideTheLink() {
        SpamMessage message = parse(html("""
            <a href='https://login.example.com/'><b>Pay</b>&#80;al<br>
            account</a> <A HREF=http://unquoted.example.org/x>here</A> <a name="top">no href</a>
            """));

        assertThat(message.links()).containsExactly(
            new Link("https://login.example.com/", "PayPal account", true),
            new Link("http://unquoted.example.org/x", "here", true));
    }

    @Test
    void textUrlsStopAtSpacesQuotesAndTrailingPunctuation() {
        SpamMessage message = parse(plain("", "Go to <https://a.example/x?y=1>, \"http://b.example/\" or"
            + " (www.c.example). Not xwww.d.example nor http:// alone.\n"));

        assertThat(message.links()).extracting(Link::href)
            .containsExactly("https://a.example/x?y=1", "http://b.example/", "www.c.example");
    }

    @Test
    void hiddenTextIsKeptApartFromTheVisibleText() {
        SpamMessage message = parse(html("""
            <body bgcolor="#ffffff"><p>Visible words.</p>
            <div style="display: none">none words</div>
            <span style="font-size:0px">zero words</span>
            <font color="#FFFFFF">white words</font>
            <span style="visibility:hidden">invisible words</span>
            <table bgcolor="black"><tr><td><font color=white>white on black is visible</font></td></tr></table>
            <p hidden>attribute words</p><p>After.</p>
            </body>
            """));

        assertThat(message.text()).contains("Visible words.").contains("white on black is visible").contains("After.")
            .doesNotContain("none words").doesNotContain("zero words").doesNotContain("white words")
            .doesNotContain("invisible").doesNotContain("attribute words");
        assertThat(message.hiddenText()).contains("none words").contains("zero words").contains("white words")
            .contains("invisible words").contains("attribute words");
    }

    @Test
    void partsAreDescribedWithTheirDecodedSize() {
        byte[] image = new byte[300];
        SpamMessage message = parse(message("Content-Type: multipart/mixed; boundary=b\n", "--b\n"
            + "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\nhello\n"
            + "--b\nContent-Type: image/png; name=\"logo.png\"\nContent-Transfer-Encoding: base64\n\n"
            + Base64.getMimeEncoder().encodeToString(image) + "\n--b--\n"));

        assertThat(message.parts()).containsExactly(
            new Part("text/plain", "iso-8859-1", "8bit", "", 5),
            new Part("image/png", "", "base64", "logo.png", 300));
        assertThat(message.parts().get(1).isImage()).isTrue();
    }

    @Test
    void theEnvelopeIsCarriedAsGiven() throws IOException {
        InetAddress client = InetAddress.getByName("192.0.2.7");
        SpamMessage message = parse(plain("", "hi\n"), SmtpEnvelope.of("bounce@example.org", client, "mx.example.org"));

        assertThat(message.envelopeSender()).contains("bounce@example.org");
        assertThat(message.client()).contains(client);
        assertThat(message.helo()).contains("mx.example.org");
        assertThat(parse(plain("", "hi\n")).envelopeSender()).isEmpty();
    }

    @Test
    void aWellFormedMessageHasNoStructureProblems() {
        SpamMessage message = parse(ALTERNATIVE);

        assertThat(message.structureProblems()).isEmpty();
        assertThat(message.truncated()).isFalse();
    }

    @Test
    void bareLineFeedsAmongCrlfLinesAreAProblemButLfOnlyMailIsNot() {
        String mixed = plain("", "one\n") + "two\nthree\r\n";

        assertThat(parse(mixed).structureProblems())
            .containsExactly("bare line end: 1 bare LF and 0 bare CR line ends among 11 CRLF line ends");
        assertThat(parse(plain("", "one\ntwo\n").replace("\r\n", "\n")).structureProblems()).isEmpty();
    }

    @Test
    void headerLinesWithoutColonAndRawBytesAreProblems() {
        String raw = wire("From: a@example.org\nthis line has no colon\nSubject: caf") + "\u00e9\r\n\r\nhello\r\n";

        assertThat(parse(raw).structureProblems()).containsExactly(
            "malformed header: header line 2 has no field name and colon: 'this line has no colon'",
            "malformed header: raw 8-bit bytes that are not UTF-8 in 'Subject: caf\u00e9'");
    }

    @Test
    void utf8HeadersAreNotAProblem() {
        String raw = wire("From: a@example.org\nSubject: caf") + "\u00c3\u00a9\r\n\r\nhello\r\n";

        SpamMessage message = parse(raw);
        assertThat(message.structureProblems()).isEmpty();
        assertThat(message.header("Subject")).contains("café");
    }

    @Test
    void missingBoundariesAreProblems() {
        String unclosed = message("Content-Type: multipart/mixed; boundary=b\n", "--b\nContent-Type: text/plain\n\nhello\n");
        String noBoundary = message("Content-Type: multipart/mixed\n", "hello\n");
        String neverAppears = message("Content-Type: multipart/mixed; boundary=missing\n", "hello\n");

        assertThat(parse(unclosed).structureProblems()).singleElement().asString()
            .startsWith("missing boundary: Body part ended prematurely");
        assertThat(parse(noBoundary).structureProblems())
            .containsExactly("missing boundary: message body (text/plain) declares multipart/mixed without a boundary");
        assertThat(parse(neverAppears).structureProblems())
            .contains("missing boundary: the boundary of the message's multipart/mixed never appears");
    }

    @Test
    void truncatedBase64IsAProblem() {
        String encoded = Base64.getEncoder().encodeToString("some text that is long enough".getBytes(StandardCharsets.US_ASCII));
        String raw = message("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n", encoded.substring(0, 13) + "\n");

        assertThat(parse(raw).structureProblems()).containsExactly("broken base64: Unexpected end of BASE64 stream in the message");
    }

    @Test
    void invalidEncodedWordsAreProblems() {
        SpamMessage message = parse(plain("X-Test: =?utf-8?B?no-base64!?= and =?x-nonsense?Q?abc?= =?utf-8?X?abc?=\n", "hi\n"));

        assertThat(message.structureProblems()).containsExactly(
            "invalid encoded word: in X-Test, '=?utf-8?B?no-base64!?=' is not valid base64",
            "invalid encoded word: in X-Test, '=?x-nonsense?Q?abc?=' has the unknown charset 'x-nonsense'",
            "invalid encoded word: in X-Test, '=?utf-8?X?abc?=' has the unknown encoding 'X'");
        assertThat(parse(plain("X-Test: =?utf-8?B?Y2Fmw6k=?= costs 5=?\n", "hi\n")).structureProblems()).isEmpty();
    }

    @Test
    void unknownAndMismatchedCharsetsAreProblems() {
        String unknown = message("Content-Type: text/plain; charset=x-unheard-of\n", "hello\n");
        String notUtf8 = message("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", "caf\u00e9\n");

        assertThat(parse(unknown).structureProblems())
            .containsExactly("charset: message body (text/plain) declares the unknown charset 'x-unheard-of'");
        SpamMessage mismatched = parse(notUtf8);
        assertThat(mismatched.structureProblems())
            .containsExactly("charset: message body (text/plain) declares utf-8 but is not valid UTF-8");
        assertThat(mismatched.text()).isEqualTo("café\n");
    }

    @Test
    void aHugeMessageIsCutAtTheBounds() {
        StringBuilder htmlBody = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            htmlBody.append("<p>paragraph ").append(i).append(" <a href=\"http://x").append(i).append(".example/\">link</a> ")
                .append("filler ".repeat(60)).append("</p>\n");
        }
        String raw = message("Content-Type: multipart/alternative; boundary=alt\n", "--alt\nContent-Type: text/plain\n\n"
            + "word ".repeat(100_000) + "\n--alt\nContent-Type: text/html\n\n" + htmlBody + "\n--alt--\n");

        SpamMessage message = parse(raw);

        SpamLimits limits = SpamLimits.defaults();
        assertThat(message.text()).hasSizeLessThanOrEqualTo(limits.maxTextChars());
        assertThat(message.html()).hasSize(limits.maxHtmlChars());
        assertThat(message.links()).hasSize(limits.maxLinks());
        assertThat(message.truncated()).isTrue();
    }

    @Test
    void tenThousandPartsEndAtThePartLimit() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            body.append("--b\nContent-Type: text/plain\n\npart ").append(i).append(" http://p").append(i).append(".example/\n");
        }
        SpamMessage message = parse(message("Content-Type: multipart/mixed; boundary=b\n", body + "--b--\n"));

        assertThat(message.parts()).hasSizeLessThan(ScanLimits.DEFAULT_MAX_PARTS);
        assertThat(message.links()).hasSizeLessThanOrEqualTo(SpamLimits.defaults().maxLinks());
        assertThat(message.truncated()).isTrue();
    }

    @Test
    void theInspectorRunsInAWalkSharedWithOtherInspectors() throws IOException {
        SpamFactsInspector spam = new SpamFactsInspector();
        MessageWalker walker = new MessageWalker(ScanLimits.defaults(), List.of(new EicarInspector(), spam));
        Findings findings = new Findings();
        InputStream raw = new ByteArrayInputStream(ALTERNATIVE.getBytes(StandardCharsets.ISO_8859_1));

        walker.walk(spam.startCollecting(findings, raw), findings);

        SpamMessage message = spam.collected(findings, SmtpEnvelope.unknown());
        assertThat(message.parts()).hasSize(2);
        assertThat(message.links()).hasSize(4);
        assertThat(findings.hasVirus()).isFalse();
    }

    @Test
    void collectingRequiresStartingFirst() throws IOException {
        SpamFactsInspector spam = new SpamFactsInspector();
        Findings findings = new Findings();
        new MessageWalker(ScanLimits.defaults(), List.of(spam))
            .walk(new ByteArrayInputStream(ALTERNATIVE.getBytes(StandardCharsets.ISO_8859_1)), findings);

        assertThatThrownBy(() -> spam.collected(findings, SmtpEnvelope.unknown()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("startCollecting");
    }

    @Test
    void randomAndRandomlyDamagedInputsEndWithAMessageTheRulesCanRead() {
        Random random = new Random(7);
        byte[] wellFormed = ALTERNATIVE.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 200; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(50_000)];
                random.nextBytes(input);
            } else {
                input = wellFormed.clone();
                for (int damage = 0; damage < 10; damage++) {
                    input[random.nextInt(input.length)] = (byte) "<>\"'=:;-\r\n?&#@/ \u00ff".charAt(random.nextInt(17));
                }
            }
            SpamMessage message = new SpamMessageParser().parse(input, SmtpEnvelope.unknown());
            assertThat(SpamRules.defaults().evaluate(message)).isNotNull();
        }
    }

    @Test
    void emptyAndHeaderOnlyInputsGiveEmptyMessages() {
        assertThat(new SpamMessageParser().parse(new byte[0], SmtpEnvelope.unknown()).headers()).isEmpty();
        SpamMessage headerOnly = parse(wire("From: a@example.org\nSubject: no body\n"));
        assertThat(headerOnly.header("Subject")).contains("no body");
        assertThat(headerOnly.text()).isEmpty();
    }
}
