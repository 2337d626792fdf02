package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.load.DownstreamSmtpServer;

/**
 * Greylisting seen by a sending MTA: the real gateway, a real SMTP client (always from 127.0.0.1, so
 * every scenario that needs a fresh network whitelist state has a gateway of its own).
 */
class GreylistingTest {
    static DownstreamSmtpServer customer;

    @BeforeAll
    static void startCustomer() {
        customer = DownstreamSmtpServer.start();
    }

    @AfterAll
    static void stopCustomer() {
        customer.close();
    }

    static byte[] message(String subject) {
        return ("From: <sender@example.org>\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String rcpt(TestGateway gateway, String from, String to) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            client.command("MAIL FROM:<" + from + ">");
            return client.command("RCPT TO:<" + to + ">");
        }
    }

    static String send(TestGateway gateway, String from, String to, String subject) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            return client.send(from, to, message(subject));
        }
    }

    static TestGateway gateway(Path directory, String properties) throws Exception {
        TestGateway gateway = TestGateway.start(directory, UnaryOperator.identity(), properties);
        gateway.protect("catchall.test", TestGateway.catchAllPolicy(customer.port()));
        gateway.protect("listed.test", TestGateway.downstreamPolicy(customer.port()));
        gateway.addUser("listed.test", "alice");
        return gateway;
    }

    /** A gateway of its own for each scenario, with the scenario's greylist settings. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenario {
        TestGateway gateway;

        abstract String greylistSettings();

        @BeforeAll
        void start(@TempDir Path directory) throws Exception {
            gateway = gateway(directory, greylistSettings());
        }

        @AfterAll
        void stop() {
            gateway.close();
        }
    }

    @Nested
    class Triplets extends Scenario {
        @Override
        String greylistSettings() {
            return String.join("\n",
                "greylist.minDelay=2s",
                "greylist.retryWindow=1h",
                "greylist.whitelistLifetime=3s",
                "greylist.network.threshold=0",
                "greylist.whitelist.senderDomains=bigsender.test");
        }

        @Test
        void firstAttemptIsGreylistedAnEarlyRetryTooAndARetryAfterTheDelayIsDelivered() throws Exception {
            String first = rcpt(gateway, "news@example.org", "anyone@catchall.test");
            assertThat(first).startsWith("451 4.7.1").containsIgnoringCase("greylist").containsIgnoringCase("retry");

            assertThat(rcpt(gateway, "news@example.org", "anyone@catchall.test")).startsWith("451 4.7.1");

            Thread.sleep(2_500);
            assertThat(send(gateway, "news@example.org", "anyone@catchall.test", "after greylisting")).startsWith("250");
            assertThat(GatewayDeliveryTest.awaitSubject(customer, "after greylisting").recipients())
                .containsExactly("anyone@catchall.test");

            // The triplet is now whitelisted: no delay while it is used.
            assertThat(rcpt(gateway, "news@example.org", "anyone@catchall.test")).startsWith("250");
        }

        @Test
        void theSenderAndTheRecipientArePartOfTheKey() throws Exception {
            assertThat(rcpt(gateway, "one@example.org", "x@catchall.test")).startsWith("451");
            Thread.sleep(2_500);
            assertThat(rcpt(gateway, "one@example.org", "x@catchall.test")).startsWith("250");
            assertThat(rcpt(gateway, "two@example.org", "x@catchall.test")).startsWith("451");
            assertThat(rcpt(gateway, "one@example.org", "y@catchall.test")).startsWith("451");
            assertThat(rcpt(gateway, "", "x@catchall.test")).as("the null sender is a sender of its own").startsWith("451");
        }

        @Test
        void aDomainThatListsItsRecipientsIsNeverGreylisted() throws Exception {
            assertThat(send(gateway, "first.contact@example.org", "alice@listed.test", "never greylisted")).startsWith("250");
        }

        @Test
        void aStaticallyWhitelistedSenderDomainIsNeverGreylisted() throws Exception {
            assertThat(rcpt(gateway, "mailer@eu.bigsender.test", "z@catchall.test")).startsWith("250");
        }

        @Test
        void aWhitelistedTripletLeftUnusedExpires() throws Exception {
            assertThat(rcpt(gateway, "rare@example.org", "w@catchall.test")).startsWith("451");
            Thread.sleep(2_500);
            assertThat(rcpt(gateway, "rare@example.org", "w@catchall.test")).startsWith("250");
            Thread.sleep(4_000); // longer than the 3 s whitelist lifetime
            assertThat(rcpt(gateway, "rare@example.org", "w@catchall.test")).startsWith("451");
        }

        @Test
        void theCountersAreServedByWebAdmin() throws Exception {
            rcpt(gateway, "counted@example.org", "c@catchall.test");
            HttpResponse<String> stats = gateway.http("GET", "/cleanport/stats?domain=catchall.test", null);
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("\"greylisted\"");
            assertThat(stats.body()).doesNotContain("\"greylisted\":0");
        }
    }

    @Nested
    class Networks extends Scenario {
        @Override
        String greylistSettings() {
            return "greylist.minDelay=1s\ngreylist.network.threshold=2";
        }

        @Test
        void aNetworkThatPassedForSeveralTripletsIsWhitelistedAsAWhole() throws Exception {
            assertThat(rcpt(gateway, "a@example.org", "one@catchall.test")).startsWith("451");
            assertThat(rcpt(gateway, "b@example.org", "two@catchall.test")).startsWith("451");
            Thread.sleep(1_500);
            assertThat(rcpt(gateway, "a@example.org", "one@catchall.test")).startsWith("250");
            assertThat(rcpt(gateway, "b@example.org", "two@catchall.test")).startsWith("250");

            assertThat(rcpt(gateway, "never.seen@example.net", "three@catchall.test")).startsWith("250");
        }
    }

    @Nested
    class StaticNetworks extends Scenario {
        @Override
        String greylistSettings() {
            return "greylist.whitelist.networks=127.0.0.0/24";
        }

        @Test
        void aStaticallyWhitelistedNetworkIsNeverGreylisted() throws Exception {
            assertThat(rcpt(gateway, "first@example.org", "new@catchall.test")).startsWith("250");
        }
    }

    @Nested
    class Defaults extends Scenario {
        @Override
        String greylistSettings() {
            return "";
        }

        @Test
        void loopbackIsNotExemptByDefault() throws Exception {
            String reply = rcpt(gateway, "first@example.org", "new@catchall.test");
            assertThat(reply).startsWith("451 4.7.1").contains("10 seconds");
        }
    }
}
