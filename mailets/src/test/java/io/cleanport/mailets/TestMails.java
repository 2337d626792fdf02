package io.cleanport.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;

import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/** Messages, mails and verdicts for the tests of the pipeline's mailets. */
final class TestMails {
    static final Verdict VIRUS = Verdict.virus("EICAR-Test-File",
        List.of(RuleHit.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file", "attachment 'eicar.com' (part 2)")));
    static final Verdict SPAM = Verdict.spam(List.of(
        RuleHit.of("BAYES_99", 5.5, "Bayesian spam probability is 99 to 100%", ""),
        RuleHit.of("URIBL_BLACK", 2, "a link's domain is on a URI block list", "http://cheap.example/")));
    static final Verdict CONTENT = Verdict.content(List.of(RuleHit.of("ATTACHMENT_EXE", 1, "executable attachment", "setup.exe")));

    /** A message in wire form: header fields, a blank line, a body; LF line ends become CRLF. */
    static final String RAW = """
        Return-Path: <sender@senders.test>
        From: Sender <sender@senders.test>
        To: alice@example.test
        Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=
        Message-ID: <1@senders.test>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Grüße aus Köln
        .dot line
        """;

    private TestMails() {
    }

    static String wire(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(wire(text).getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    static FakeMail mail(String text, String sender, String... recipients) throws Exception {
        byte[] raw = wire(text).getBytes(StandardCharsets.UTF_8);
        return FakeMail.builder().name("mail-1").sender(sender).recipients(recipients)
            .mimeMessage(message(text)).size(raw.length).build();
    }
}
