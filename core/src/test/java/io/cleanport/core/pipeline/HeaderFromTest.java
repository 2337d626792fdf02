package io.cleanport.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class HeaderFromTest {

    private static MimeMessage message(String header) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream((header + "Subject: s\r\n\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aWellFormedFieldGivesItsAddressesNotTheDisplayNames() throws Exception {
        MimeMessage message = message("From: \"billing@bank.test\" <bob@example.org>, carol@example.net\r\n");

        assertThat(HeaderFrom.addresses(message)).containsExactly("bob@example.org", "carol@example.net");
    }

    @Test
    void anEncodedDisplayNameAndAFoldedFieldAreRead() throws Exception {
        MimeMessage message = message("From: =?UTF-8?B?R3LDvMOfZQ==?=\r\n <bob@example.org>\r\n");

        assertThat(HeaderFrom.addresses(message)).containsExactly("bob@example.org");
    }

    @Test
    void aMalformedFieldStillGivesTheAddressesItContains() throws Exception {
        MimeMessage message = message("From: Bank <<billing@bank.test> (\r\n");

        assertThat(HeaderFrom.addresses(message)).containsExactly("billing@bank.test");
    }

    @Test
    void aFieldWithGarbageBesideAnAddressGivesTheAddress() throws Exception {
        MimeMessage message = message("From: Bob <bob@example.org>, just words\r\n");

        assertThat(HeaderFrom.addresses(message)).containsExactly("bob@example.org");
    }

    @Test
    void everyFromFieldIsRead() throws Exception {
        MimeMessage message = message("From: a@example.org\r\nFrom: b@example.org\r\nFrom: a@example.org\r\n");

        assertThat(HeaderFrom.addresses(message)).containsExactly("a@example.org", "b@example.org");
    }

    @Test
    void noFromFieldOrNoAddressGivesNothing() throws Exception {
        assertThat(HeaderFrom.addresses(message(""))).isEmpty();
        assertThat(HeaderFrom.addresses(message("From: nobody at all\r\n"))).isEmpty();
    }

    @Test
    void theNumberOfAddressesIsBounded() throws Exception {
        StringBuilder field = new StringBuilder("From: ");
        for (int i = 0; i < 200; i++) {
            field.append(i == 0 ? "" : ", ").append("u").append(i).append("@example.org");
        }
        MimeMessage message = message(field.append("\r\n").toString());

        assertThat(HeaderFrom.addresses(message)).hasSize(HeaderFrom.MAX_ADDRESSES).startsWith("u0@example.org");
    }
}
