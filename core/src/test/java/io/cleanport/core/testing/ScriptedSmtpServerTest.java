package io.cleanport.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The test server answers as scripted, records what it hears, and stops when closed. */
class ScriptedSmtpServerTest {

    @Test
    void greetsAnnouncesExtensionsAndRecordsCommands() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().extensions("SIZE 1000").start();
             Client client = new Client(server)) {
            assertThat(client.reply()).containsExactly("220 scripted.test ESMTP test");
            assertThat(client.send("EHLO gateway.test")).containsExactly("250-scripted.test greets you", "250 SIZE 1000");
            assertThat(client.send("MAIL FROM:<a@example.com>")).containsExactly("250 2.1.0 Ok");
            assertThat(client.send("RCPT TO:<b@elsewhere.test>")).containsExactly("250 2.1.5 Ok");
            assertThat(client.send("DATA").get(0)).startsWith("554");
            assertThat(client.send("QUIT")).containsExactly("221 2.0.0 Bye");

            assertThat(server.commands()).containsExactly("EHLO gateway.test", "MAIL FROM:<a@example.com>",
                "RCPT TO:<b@elsewhere.test>", "DATA", "QUIT");
            assertThat(server.verbs()).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "QUIT");
        }
    }

    @Test
    void refusesEhloAndRelayingAsScripted() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().withoutEhlo().relayOnlyFor("customer.test").start();
             Client client = new Client(server)) {
            client.reply();
            assertThat(client.send("EHLO gateway.test").get(0)).startsWith("500");
            assertThat(client.send("HELO gateway.test").get(0)).startsWith("250");
            assertThat(client.send("RCPT TO:<someone@Customer.test>")).containsExactly("250 2.1.5 Ok");
            assertThat(client.send("RCPT TO:<someone@elsewhere.test>")).containsExactly("550 5.7.1 Relaying denied");
        }
    }

    @Test
    void announcesStartTlsWhenScripted() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().extensions().refuseStartTls("454 4.7.0 no TLS").start();
             Client client = new Client(server)) {
            client.reply();
            assertThat(client.send("EHLO gateway.test")).containsExactly("250-scripted.test greets you", "250 STARTTLS");
            assertThat(client.send("STARTTLS")).containsExactly("454 4.7.0 no TLS");
        }
    }

    @Test
    void aSilentServerSaysNothing() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().silent().start();
             Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(200);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void servesConnectionsAtTheSameTime() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start();
             Client first = new Client(server);
             Client second = new Client(server)) {
            assertThat(second.reply().get(0)).startsWith("220");
            assertThat(first.reply().get(0)).startsWith("220");
            assertThat(first.send("NOOP")).containsExactly("250 2.0.0 Ok");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void closingDropsOpenConnections() throws IOException {
        ScriptedSmtpServer server = ScriptedSmtpServer.start();
        try (Client client = new Client(server)) {
            assertThat(client.reply().get(0)).startsWith("220");

            server.close();

            assertThat(client.reply()).containsExactly((String) null);
        }
    }

    @Test
    void makesASelfSignedCertificateForAHost() {
        assertThat(TestCertificates.certificate("mx.customer.test").getSubjectX500Principal().getName())
            .isEqualTo("CN=mx.customer.test");
        assertThat(TestCertificates.serverContext("mx.customer.test").getProtocol()).isEqualTo("TLS");
    }

    /** A plain-text SMTP client, line by line. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(ScriptedSmtpServer server) throws IOException {
            socket = new Socket(server.address().getAddress(), server.port());
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        List<String> send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        List<String> reply() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                lines.add(line);
            } while (line != null && line.length() > 3 && line.charAt(3) == '-');
            return lines;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
