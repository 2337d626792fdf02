package io.cleanport.mailets.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import io.cleanport.core.diagnostics.DeliveryAttempts;
import io.cleanport.core.testing.ScriptedSmtpServer;

class SMTPTransportTest {
    private static Session session(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.class", SMTPTransport.class.getName());
        return Session.getInstance(properties);
    }

    private static MimeMessage message(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@outside.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@customer.test"));
        message.setText("hello");
        message.saveChanges();
        return message;
    }

    @Test
    void mailSmtpClassSelectsItThroughItsRegisteredProvider() throws Exception {
        assertThat(session(25).getTransport("smtp")).isInstanceOf(SMTPTransport.class);
    }

    @Test
    void aRefusedConnectionIsNotedForItsServer() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Session session = session(closed);

        assertThatThrownBy(() -> Transport.send(message(session))).isInstanceOf(MessagingException.class);

        assertThat(DeliveryAttempts.shared().at("127.0.0.1", closed).lastError()).hasValueSatisfying(error ->
            assertThat(error).contains("refused"));
    }

    @Test
    void aRefusedRecipientIsNotedWithTheServersReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().rcptReply("550 5.1.1 no such user here").start()) {
            Session session = session(server.port());

            assertThatThrownBy(() -> Transport.send(message(session))).isInstanceOf(MessagingException.class);

            assertThat(DeliveryAttempts.shared().at("127.0.0.1", server.port()).lastError()).hasValueSatisfying(error ->
                assertThat(error).contains("550 5.1.1 no such user here"));
            assertThat(DeliveryAttempts.shared().at("127.0.0.1", server.port()).lastSuccessAt()).isEmpty();
        }
    }
}
