package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AssignCleanPortIdTest {
    private AssignCleanPortId mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new AssignCleanPortId(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("AssignCleanPortId").build());
    }

    private static FakeMail mail(String rawMessage) throws Exception {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(rawMessage.getBytes(StandardCharsets.UTF_8)));
        return FakeMail.builder().name("mail").mimeMessage(message).recipient("alice@example.test").build();
    }

    @Test
    void stampsAnIdHeaderAndTheSameIdAsAttribute() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");

        mailet.service(mail);

        String header = mail.getMessage().getHeader(AssignCleanPortId.HEADER, null);
        assertThat(header).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(mail.getAttribute(AssignCleanPortId.ATTRIBUTE).map(a -> String.valueOf(a.getValue().getValue()))).contains(header);
    }

    @Test
    void removesEveryIncomingCleanPortHeaderWhateverItsCase() throws Exception {
        FakeMail mail = mail("Subject: hello\r\nX-CleanPort-Status: clean\r\nx-cleanport-id: FORGED\r\n"
            + "X-CLEANPORT-SPAM-SCORE: -100\r\nX-Other: kept\r\n\r\nbody\r\n");

        mailet.service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("X-CleanPort-Status")).isNull();
        assertThat(message.getHeader("X-CleanPort-Spam-Score")).isNull();
        assertThat(message.getHeader("X-CleanPort-Id")).hasSize(1).doesNotContain("FORGED");
        assertThat(message.getHeader("X-Other")).containsExactly("kept");
    }

    @Test
    void keepsTheIdAlreadyAssignedToThisMail() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");
        mailet.service(mail);
        String first = mail.getMessage().getHeader(AssignCleanPortId.HEADER, null);

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(AssignCleanPortId.HEADER)).containsExactly(first);
    }

    @Test
    void leavesTheBodyUntouched() throws Exception {
        String body = "Grüße\r\n.dot line\r\n";
        FakeMail mail = mail("Subject: hello\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body);

        mailet.service(mail);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\r\n\r\n" + body);
    }
}
