package io.cleanport.core.scan;

import static io.cleanport.core.scan.TestMessages.base64;
import static io.cleanport.core.scan.TestMessages.eicar;
import static io.cleanport.core.scan.TestMessages.simple;
import static io.cleanport.core.scan.TestMessages.stream;
import static io.cleanport.core.scan.TestMessages.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/** The EICAR test file wherever a message can carry it, and ordinary mail that is clean. */
class MessageScannerTest {
    private final MessageScanner scanner = MessageScanner.withDefaults();

    @Test
    void eicarAsThePlainBody() throws IOException {
        Verdict verdict = scan(simple("", "@EICAR@\n"));
        assertVirus(verdict, "message body (text/plain)");
        assertThat(verdict.hits()).hasSize(1);
        assertThat(verdict.score()).isEqualTo(100);
    }

    @Test
    void eicarAsTheBodyWithoutTrailingLineBreakOrWithLfLineEnds() throws IOException {
        assertVirus(scan(simple("", "@EICAR@")), "message body (text/plain)");
        String lfOnly = "From: a@example.org\nSubject: lf\n\n" + eicar() + "\n";
        assertVirus(scanner.scan(stream(lfOnly)), "message body (text/plain)");
    }

    @Test
    void eicarAsABase64Attachment() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=\"b1\"\n", """
            --b1
            Content-Type: text/plain; charset=utf-8

            Please find the file attached.
            --b1
            Content-Type: application/octet-stream; name="eicar.com"
            Content-Disposition: attachment; filename="eicar.com"
            Content-Transfer-Encoding: base64

            """ + base64(eicar()) + """

            --b1--
            """));
        assertVirus(verdict, "attachment 'eicar.com' (part 2, application/octet-stream)");
    }

    @Test
    void eicarAsAQuotedPrintablePartWithEscapesAndASoftLineBreak() throws IOException {
        String qp = "=58=35O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIV=\nIRUS-TEST-FILE!$H+H*=0D=0A";
        assertThat(qp.replace("=\n", "").replace("=58", "X").replace("=35", "5").replace("=0D=0A", "")).isEqualTo(eicar());
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b1\n", """
            --b1
            Content-Type: text/plain; charset=us-ascii
            Content-Transfer-Encoding: quoted-printable

            """ + qp + """

            --b1--
            """));
        assertVirus(verdict, "part 1 (text/plain)");
    }

    @Test
    void eicarIn8bitAndBinaryParts() throws IOException {
        for (String encoding : new String[] {"8bit", "binary", "7bit", "x-unknown"}) {
            Verdict verdict = scan(simple("Content-Type: application/octet-stream\nContent-Transfer-Encoding: " + encoding + "\n",
                "@EICAR@"));
            assertVirus(verdict, "message body (application/octet-stream)");
        }
    }

    @Test
    void eicarInsideNestedMultiparts() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=outer\n", """
            --outer
            Content-Type: multipart/alternative; boundary=alt

            --alt
            Content-Type: text/plain

            hello
            --alt
            Content-Type: multipart/related; boundary=rel

            --rel
            Content-Type: text/html

            <p>hello</p>
            --rel
            Content-Type: application/x-msdownload; name=setup.exe
            Content-Transfer-Encoding: base64

            """ + base64(eicar()) + """

            --rel--
            --alt--
            --outer--
            """));
        assertVirus(verdict, "attachment 'setup.exe' (part 1.2.2, application/x-msdownload)");
    }

    @Test
    void eicarInsideAnAttachedMessage() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=outer\n", """
            --outer
            Content-Type: text/plain

            Forwarding the mail below.
            --outer
            Content-Type: message/rfc822

            From: mallory@example.net
            Subject: invoice
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=inner

            --inner
            Content-Type: text/plain

            see attachment
            --inner
            Content-Type: application/zip
            Content-Disposition: attachment; filename=invoice.com
            Content-Transfer-Encoding: base64

            """ + base64(eicar()) + """

            --inner--

            --outer--
            """));
        assertVirus(verdict, "attachment 'invoice.com' (part 2.2, application/zip) inside an attached message");
    }

    @Test
    void eicarAsTheBodyOfABase64EncodedAttachedMessageInsideAnotherAttachedMessage() throws IOException {
        String innermost = wire("""
            From: x@example.net
            Subject: innermost

            @EICAR@
            """);
        String middle = wire("""
            From: y@example.net
            Subject: middle
            Content-Type: message/rfc822
            Content-Transfer-Encoding: base64

            """) + base64(innermost) + "\r\n";
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=outer\n", """
            --outer
            Content-Type: message/rfc822
            Content-Transfer-Encoding: quoted-printable

            """ + middle + """
            --outer--
            """));
        assertVirus(verdict, "part 1.1.1 (text/plain) inside 2 nested attached messages");
    }

    @Test
    void severalCopiesMakeOneHitThatListsThePlaces() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            body.append("--b\nContent-Type: application/octet-stream; name=e").append(i).append(".com\n")
                .append("Content-Transfer-Encoding: base64\n\n").append(base64(eicar())).append("\n");
        }
        body.append("--b--\n");
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n", body.toString()));
        assertThat(verdict.hits()).hasSize(1);
        assertThat(verdict.score()).isEqualTo(100);
        assertThat(verdict.hits().get(0).evidence()).isEqualTo(
            "attachment 'e1.com' (part 1, application/octet-stream); attachment 'e2.com' (part 2, application/octet-stream);"
                + " attachment 'e3.com' (part 3, application/octet-stream); and 2 more");
    }

    @Test
    void eicarWithTrailingWhitespaceIsTheTestFileButWithinLongerTextItIsNot() throws IOException {
        assertVirus(scan(simple("", "@EICAR@" + " ".repeat(58) + "\n")), "message body (text/plain)");
        assertClean(scan(simple("", "@EICAR@" + " ".repeat(61) + "\n")));
        assertClean(scan(simple("", "@EICAR@\n-- \nAlice\n")));
        assertClean(scan(simple("", "The EICAR string is @EICAR@ and is harmless.\n")));
    }

    @Test
    void plainTextIsClean() throws IOException {
        assertClean(scan(simple("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n",
            "Hello Bob,\n\nlunch on Friday?\n\nAlice\n")));
    }

    @Test
    void aMailAboutTheEicarTestFileIsClean() throws IOException {
        assertClean(scan(simple("", """
            Hi team,

            to test the gateway, send yourself the EICAR test file (EICAR-STANDARD-ANTIVIRUS-TEST-FILE)
            from https://www.eicar.org/ and check that it is quarantined as EICAR-Test-File.
            """)));
    }

    @Test
    void anHtmlMailIsClean() throws IOException {
        assertClean(scan(simple("Content-Type: multipart/alternative; boundary=\"=_alt\"\n", """
            --=_alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello =E2=80=93 see the newsletter.
            --=_alt
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <html><body><p style=3D"color:red">Hello =E2=80=93 see the newsletter.</p></body></html>
            --=_alt--
            """)));
    }

    @Test
    void anImageAttachmentIsClean() throws IOException {
        byte[] png = new byte[4096];
        new Random(7).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        assertClean(scan(simple("Content-Type: multipart/mixed; boundary=b\n", """
            --b
            Content-Type: text/plain

            holiday picture
            --b
            Content-Type: image/png; name="beach.png"
            Content-Disposition: attachment; filename="beach.png"
            Content-Transfer-Encoding: base64

            """ + base64(png) + """

            --b--
            """)));
    }

    private Verdict scan(String message) throws IOException {
        return scanner.scan(stream(message));
    }

    private static void assertVirus(Verdict verdict, String evidence) {
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.name()).contains("EICAR-Test-File");
        RuleHit hit = verdict.hit("EICAR_TEST_FILE").orElseThrow();
        assertThat(hit.evidence()).isEqualTo(evidence);
        assertThat(hit.score()).isEqualTo(100);
    }

    private static void assertClean(Verdict verdict) {
        assertThat(verdict).isEqualTo(Verdict.clean());
    }
}
