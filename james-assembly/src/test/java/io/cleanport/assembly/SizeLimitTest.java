package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * Per-recipient size limits over real SMTP: small.test accepts 10,000 bytes, its user tiny 3,000 and its
 * user big 50,000 (the global ceiling stays 25 MB).
 */
class SizeLimitTest {
    @TempDir
    static Path directory;

    static DownstreamSmtpServer customer;
    static DownstreamSmtpServer senders;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        senders = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory, mailets -> mailets);
        gateway.protect("small.test", "{\"maxMessageSize\":10000,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]}");
        gateway.addUser("small.test", "alice");
        assertThat(gateway.http("PUT", "/cleanport/domains/small.test/users/tiny", "{\"maxMessageSize\":3000}").statusCode()).isEqualTo(204);
        assertThat(gateway.http("PUT", "/cleanport/domains/small.test/users/big", "{\"maxMessageSize\":50000}").statusCode()).isEqualTo(204);
        gateway.protect("senders.test", TestGateway.catchAllPolicy(senders.port()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        customer.close();
        senders.close();
    }

    static byte[] message(String subject, int size) {
        StringBuilder text = new StringBuilder("From: <bob@senders.test>\r\nSubject: " + subject + "\r\n\r\n");
        while (text.length() < size) {
            text.append("0123456789".repeat(7)).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aDeclaredSizeOverARecipientsLimitRefusesThatRecipientOnly() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<bob@senders.test> SIZE=20000")).startsWith("250");
            assertThat(client.command("RCPT TO:<alice@small.test>")).startsWith("552 5.3.4").contains("10000");
            assertThat(client.command("RCPT TO:<tiny@small.test>")).startsWith("552 5.3.4").contains("3000");
            assertThat(client.command("RCPT TO:<big@small.test>")).startsWith("250");
            assertThat(client.data(message("declared 20000", 19_000))).startsWith("250");
        }
        ReceivedMail delivered = GatewayDeliveryTest.awaitSubject(customer, "declared 20000");
        assertThat(delivered.recipients()).containsExactly("big@small.test");
    }

    @Test
    void anUndeclaredMessageTooBigForSomeRecipientsReachesTheOthersAndTheSenderGetsADsn() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<bob@senders.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<alice@small.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<tiny@small.test>")).startsWith("250");
            assertThat(client.data(message("undeclared 5000", 5_000))).startsWith("250");
        }
        ReceivedMail delivered = GatewayDeliveryTest.awaitSubject(customer, "undeclared 5000");
        assertThat(delivered.recipients()).containsExactly("alice@small.test");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<ReceivedMail> dsn = Optional.empty();
        while (dsn.isEmpty() && System.nanoTime() < deadline) {
            dsn = senders.received().stream()
                .filter(mail -> mail.recipients().contains("bob@senders.test"))
                .filter(mail -> mail.text().contains("tiny@small.test"))
                .findFirst();
            Thread.sleep(100);
        }
        assertThat(dsn).as("a DSN to bob@senders.test about tiny@small.test").isPresent();
        assertThat(dsn.get().text()).contains("5.3.4").contains("3000");
        assertThat(customer.received()).noneMatch(mail -> mail.recipients().contains("tiny@small.test"));
    }

    @Test
    void aMessageOverEveryRecipientsLimitIsRefusedAtTheEndOfData() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<bob@senders.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<alice@small.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<tiny@small.test>")).startsWith("250");
            assertThat(client.data(message("undeclared 20000", 20_000))).startsWith("552 5.3.4");
        }
        Thread.sleep(2_000);
        assertThat(GatewayDeliveryTest.receivedWithSubject(customer, "undeclared 20000")).isEmpty();
    }
}
