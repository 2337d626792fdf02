package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * The real gateway, a real SMTP client, and real SMTP listeners standing in for the customers' servers.
 */
class GatewayDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path directory;

    static DownstreamSmtpServer customer;
    static DownstreamSmtpServer senders;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        senders = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory,
            mailets -> TestGateway.shortRetries(mailets, "1 seconds", 3));
        gateway.protect("example.test", TestGateway.downstreamPolicy(customer.port()));
        gateway.addUser("example.test", "alice");
        gateway.protect("catchall.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]}");
        gateway.protect("senders.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + senders.port() + "}]}");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        customer.close();
        senders.close();
    }

    static byte[] message(String subject, String to) {
        String text = "Return-Path: <ignored@nowhere.test>\r\n"
            + "From: Bob <bob@senders.test>\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@senders.test>\r\n"
            + "X-Folded: first part\r\n"
            + "\tsecond part   \r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "X-CleanPort-Status: clean\r\n"
            + "\r\n"
            + "Grüße aus Köln, ½ € — naïve café.\r\n"
            + ".a line starting with a dot\r\n"
            + "..two dots\r\n"
            + "\r\n"
            + "trailing spaces   \r\n"
            + "x".repeat(990) + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<ReceivedMail> receivedWithSubject(DownstreamSmtpServer server, String subject) {
        return server.received().stream().filter(mail -> subject.equals(mail.header("Subject"))).findFirst();
    }

    static ReceivedMail awaitSubject(DownstreamSmtpServer server, String subject) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ReceivedMail> mail = receivedWithSubject(server, subject);
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no message with subject '" + subject + "' reached the downstream server; got "
            + server.received().stream().map(m -> m.header("Subject")).collect(Collectors.toList()));
    }

    /** The message without the header fields the gateway adds (each with its folded continuation lines):
     *  Received and X-CleanPort-*. */
    static String withoutGatewayHeaders(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int bodyStart = text.indexOf("\r\n\r\n");
        String[] headerLines = text.substring(0, bodyStart + 2).split("(?<=\r\n)");
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String line : headerLines) {
            boolean continuation = line.startsWith(" ") || line.startsWith("\t");
            if (!continuation) {
                String lower = line.toLowerCase();
                skipping = lower.startsWith("received:") || lower.startsWith("x-cleanport-");
            }
            if (!skipping) {
                kept.append(line);
            }
        }
        return kept + text.substring(bodyStart + 2);
    }

    @Test
    void deliversTheMessageUnchangedExceptForReceivedAndTheGatewayHeaders() throws Exception {
        byte[] sent = message("byte identical", "alice@example.test");
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.send("bob@senders.test", "alice@example.test", sent)).startsWith("250");
        }
        ReceivedMail delivered = awaitSubject(customer, "byte identical");

        assertThat(delivered.sender()).isEqualTo("bob@senders.test");
        assertThat(delivered.recipients()).containsExactly("alice@example.test");
        assertThat(delivered.headers("X-CleanPort-Id")).hasSize(1);
        assertThat(delivered.header("X-CleanPort-Id")).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(delivered.headers("Received")).isNotEmpty();
        // The sender's own X-CleanPort-Status was removed; the gateway wrote its own.
        assertThat(delivered.headers("X-CleanPort-Status")).containsExactly("clean");
        // the score is the spam engine's (rules and the default model): below the level's threshold here
        assertThat(delivered.header("X-CleanPort-Spam-Score")).matches("-?[0-5]\\.[0-9] \\(level 3, threshold 6\\.0\\)");
        String expected = new String(sent, StandardCharsets.UTF_8).replace("X-CleanPort-Status: clean\r\n", "");
        assertThat(withoutGatewayHeaders(delivered.bytes())).isEqualTo(expected);
    }

    @Test
    void advertisesTheGlobalSizeLimitAndRefusesLargerMessages() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            assertThat(client.ehlo()).contains("SIZE 26214400");
            assertThat(client.command("MAIL FROM:<bob@senders.test> SIZE=26214401")).startsWith("552");
        }
    }

    @Test
    void refusesAnUndeclaredMessageOverTheLimitAtTheEndOfData() throws Exception {
        StringBuilder big = new StringBuilder("Subject: too big\r\n\r\n");
        String line = "y".repeat(998) + "\r\n";
        while (big.length() < 26_214_400 + 10_000) {
            big.append(line);
        }
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            String reply = client.send("bob@senders.test", "alice@example.test", big.toString().getBytes(StandardCharsets.US_ASCII));
            assertThat(reply).startsWith("552");
        }
        assertThat(receivedWithSubject(customer, "too big")).isEmpty();
    }

    @Test
    void refusesAnUnknownRecipientOfADomainThatListsItsRecipients() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            client.command("MAIL FROM:<bob@senders.test>");
            assertThat(client.command("RCPT TO:<mallory@example.test>")).startsWith("550 5.1.1");
            assertThat(client.command("RCPT TO:<ALICE@Example.TEST>")).startsWith("250");
        }
    }

    @Test
    void neverRelaysForAnUnprotectedDomain() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            client.command("MAIL FROM:<bob@senders.test>");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void aCatchAllDomainAcceptsEveryLocalPart() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.send("bob@senders.test", "anything.at.all@catchall.test", message("catch all", "anything.at.all@catchall.test")))
                .startsWith("250");
        }
        assertThat(awaitSubject(customer, "catch all").recipients()).containsExactly("anything.at.all@catchall.test");
    }

    @Test
    void aClientInsideARelayNetworkMayRelay() throws Exception {
        gateway.protect("customer-relay.test", "{\"relayNetworks\":[\"127.0.0.0/8\"]}");
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            client.command("MAIL FROM:<staff@customer-relay.test>");
            assertThat(client.command("RCPT TO:<partner@elsewhere.test>")).startsWith("250");
            client.command("RSET");
        } finally {
            assertThat(gateway.http("DELETE", "/cleanport/domains/customer-relay.test", null).statusCode()).isEqualTo(204);
        }
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            client.command("MAIL FROM:<staff@customer-relay.test>");
            assertThat(client.command("RCPT TO:<partner@elsewhere.test>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void mailWaitsWhileTheDownstreamServerIsDownAndIsDeliveredWhenItComesBack() throws Exception {
        DownstreamSmtpServer flaky = DownstreamSmtpServer.start();
        try {
            gateway.protect("flaky.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + flaky.port() + "}]}");
            flaky.stop();
            try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
                client.ehlo();
                assertThat(client.send("bob@senders.test", "carol@flaky.test", message("while down", "carol@flaky.test"))).startsWith("250");
            }
            Thread.sleep(2_500); // at least one failed attempt against the closed port
            assertThat(flaky.count()).isZero();
            flaky.restart();
            assertThat(awaitSubject(flaky, "while down").recipients()).containsExactly("carol@flaky.test");
        } finally {
            flaky.close();
        }
    }

    @Test
    void fallsBackToTheNextDownstreamHost() throws Exception {
        int closedPort = TestGateway.freePort();
        gateway.protect("fallback.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + closedPort
            + "},{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]}");
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.send("bob@senders.test", "dan@fallback.test", message("fallback", "dan@fallback.test"))).startsWith("250");
        }
        assertThat(awaitSubject(customer, "fallback").recipients()).containsExactly("dan@fallback.test");
    }

    @Test
    void whenRetriesAreExhaustedTheSenderGetsADeliveryStatusNotification() throws Exception {
        int closedPort = TestGateway.freePort();
        gateway.protect("dead.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + closedPort + "}]}");
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.send("bob@senders.test", "erin@dead.test", message("never delivered", "erin@dead.test"))).startsWith("250");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Optional<ReceivedMail> bounce = Optional.empty();
        while (bounce.isEmpty() && System.nanoTime() < deadline) {
            bounce = senders.received().stream()
                .filter(mail -> mail.recipients().contains("bob@senders.test"))
                .filter(mail -> mail.text().contains("erin@dead.test"))
                .findFirst();
            Thread.sleep(100);
        }
        assertThat(bounce).as("a DSN to bob@senders.test about erin@dead.test").isPresent();
        assertThat(bounce.get().sender()).isEmpty();
        assertThat(bounce.get().text()).containsIgnoringCase("multipart/report").contains("report-type=delivery-status");
    }

    @Test
    void webAdminRefusesInvalidPoliciesWithAJsonErrorNamingTheField() {
        HttpResponse<String> badPort = gateway.http("PUT", "/cleanport/domains/bad.test",
            "{\"downstream\":[{\"host\":\"mx.bad.test\",\"port\":70000}]}");
        assertThat(badPort.statusCode()).isEqualTo(400);
        assertThat(badPort.body()).contains("\"statusCode\":400").contains("downstream[0].port");

        HttpResponse<String> broken = gateway.http("PUT", "/cleanport/domains/bad.test", "{\"catchAll\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("\"statusCode\":400");

        assertThat(gateway.http("GET", "/cleanport/domains/unknown.test", null).statusCode()).isEqualTo(404);

        HttpResponse<String> policy = gateway.http("GET", "/cleanport/domains/example.test", null);
        assertThat(policy.statusCode()).isEqualTo(200);
        assertThat(policy.body()).contains("\"spamLevel\":3").contains("\"maxMessageSize\":26214400");
    }

    static List<String> subjects(DownstreamSmtpServer server) {
        return server.received().stream().map(mail -> mail.header("Subject")).collect(Collectors.toList());
    }
}
