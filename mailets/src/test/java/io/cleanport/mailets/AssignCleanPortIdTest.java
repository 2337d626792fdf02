package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;

class AssignCleanPortIdTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private AssignCleanPortId mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new AssignCleanPortId(Clock.fixed(NOW, ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("AssignCleanPortId").build());
    }

    private static FakeMail mail(String rawMessage) throws Exception {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(rawMessage.getBytes(StandardCharsets.UTF_8)));
        return FakeMail.builder().name("mail").mimeMessage(message).recipient("alice@example.test").build();
    }

    private static String idOf(FakeMail mail) {
        return mail.getAttribute(AssignCleanPortId.ATTRIBUTE).map(a -> String.valueOf(a.getValue().getValue())).orElseThrow();
    }

    @Test
    void assignsANewIdAsTheCleanPortIdAttribute() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");

        mailet.service(mail);

        assertThat(AssignCleanPortId.ATTRIBUTE.asString()).isEqualTo("cleanport.id");
        assertThat(idOf(mail)).matches("[0-9A-HJKMNP-TV-Z]{26}");
        // the first ten characters are the arrival time
        assertThat(idOf(mail)).startsWith(CleanPortId.generate(Clock.fixed(NOW, ZoneOffset.UTC)).asString().substring(0, 10));
    }

    @Test
    void keepsTheIdAlreadyAssignedToThisMail() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");
        mailet.service(mail);
        String first = idOf(mail);

        mailet.service(mail);

        assertThat(idOf(mail)).isEqualTo(first);
    }

    @Test
    void keepsAnIdGivenBeforeTheMailArrivedHere() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");
        CleanPortId released = CleanPortId.generate(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        MailIds.assign(mail, released);

        mailet.service(mail);

        assertThat(idOf(mail)).isEqualTo(released.asString());
    }

    @Test
    void aMalformedIdStopsTheMailRatherThanReplacingIt() throws Exception {
        FakeMail mail = mail("Subject: hello\r\n\r\nbody\r\n");
        mail.setAttribute(new Attribute(AssignCleanPortId.ATTRIBUTE, AttributeValue.of("FORGED")));

        assertThatThrownBy(() -> mailet.service(mail)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesTheMessageExactlyAsReceivedForgedHeadersIncluded() throws Exception {
        String raw = "Subject: hello\r\nX-CleanPort-Status: clean\r\nx-cleanport-id: FORGED\r\n"
            + "Content-Transfer-Encoding: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\n.dot line\r\n";
        FakeMail mail = mail(raw);

        mailet.service(mail);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(raw);
    }
}
