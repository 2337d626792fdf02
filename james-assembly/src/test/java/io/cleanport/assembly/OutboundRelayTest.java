package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitSubject;
import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.param;
import static io.cleanport.assembly.QuarantineTestSupport.plain;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withEicarAttachment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cleanport.core.testing.DnsResponder;
import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * Relay end to end: a customer's network sends its own domain's mail through the gateway to the outside
 * world. DNS is an in-process responder wired as the gateway's resolver; the outside domain's MX host is a
 * test SMTP server on loopback (the MX port is moved off 25 with OutboundDelivery's mxPort).
 */
class OutboundRelayTest {
    @TempDir
    static Path directory;

    static DnsResponder dns;
    static DownstreamSmtpServer partnerMx;
    static DownstreamSmtpServer customer;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsResponder.start();
        dns.mx("partner.test", 10, "mx.partner.test");
        dns.a("mx.partner.test", "127.0.0.1");
        dns.nxdomain("nowhere.test");
        partnerMx = DownstreamSmtpServer.start();
        customer = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory,
            mailets -> TestGateway.shortRetries(mailets, "1 seconds", 3)
                .replace("<outgoing>outbound</outgoing>", "<outgoing>outbound</outgoing><mxPort>" + partnerMx.port() + "</mxPort>"),
            "dns.servers=127.0.0.1:" + dns.port() + "\ndns.timeout=2s\n" + TestGateway.LOOPBACK_NOT_GREYLISTED);
        gateway.protect("customer.test", "{\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}],"
            + "\"relayNetworks\":[\"127.0.0.1/32\"],"
            + "\"notifications\":{\"virusToRecipient\":false,\"ictAddress\":\"ict@customer.test\"}}");
        gateway.addUser("customer.test", "ict");
        gateway.addUser("customer.test", "clerk");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable server : new AutoCloseable[] {partnerMx, customer, dns}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @Test
    void cleanMailFromTheCustomerNetworkIsDeliveredToTheRecipientDomainsMx() throws Exception {
        send(gateway.smtpPort(), "clerk@customer.test", List.of("bob@partner.test"),
            plain("clerk@customer.test", "bob@partner.test", "Quarterly figures", "", "Numbers attached."));

        ReceivedMail delivered = awaitSubject(partnerMx, "Quarterly figures");
        assertThat(delivered.recipients()).containsExactly("bob@partner.test");
        assertThat(delivered.sender()).isEqualTo("clerk@customer.test");
        assertThat(dns.queries("partner.test")).isPositive();
    }

    @Test
    void aVirusGoingOutIsQuarantinedAsOutboundNeverSentAndTheIctAddressIsTold() throws Exception {
        send(gateway.smtpPort(), "clerk@customer.test", List.of("carol@partner.test"),
            withEicarAttachment("clerk@customer.test", "carol@partner.test", "Outbound eicar"));

        JsonNode entry = awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Outbound eicar"), 1).get("items").get(0);
        assertThat(entry.get("direction").asText()).isEqualTo("outbound");
        assertThat(entry.get("domain").asText()).isEqualTo("customer.test");
        assertThat(entry.get("recipient").asText()).isEqualTo("carol@partner.test");

        ReceivedMail notice = awaitMail(customer, "ict@customer.test", "Outbound eicar");
        assertThat(notice.header("Subject")).startsWith("Virus blocked: ").contains("not sent");
        assertThat(notice.sender()).isEmpty();
        assertThat(notice.text()).contains("customer.test").contains("carol@partner.test").contains(entry.get("id").asText());
        awaitMail(customer, "clerk@customer.test", "Outbound eicar");
        assertThat(partnerMx.received()).noneMatch(mail -> "Outbound eicar".equals(mail.header("Subject")));

        // an administrator who judges it safe releases it: it goes on to its outside recipient by MX
        HttpResponse<String> release = gateway.http("POST", "/cleanport/quarantine/" + entry.get("id").asText() + "/release", null);
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        ReceivedMail released = awaitSubject(partnerMx, "Outbound eicar");
        assertThat(released.recipients()).containsExactly("carol@partner.test");
        assertThat(released.header("X-CleanPort-Status")).isEqualTo("released");
    }

    @Test
    void relayFromANetworkOutsideRelayNetworksIsRefused() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort(), "127.0.0.2")) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<clerk@customer.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<bob@partner.test>")).startsWith("550 5.7.1");
            // mail for the protected domain itself is still accepted from anywhere
            assertThat(client.command("RCPT TO:<clerk@customer.test>")).startsWith("250");
            client.command("QUIT");
        }
    }

    @Test
    void relayWithAnotherDomainsSenderIsRefusedEvenFromTheCustomerNetwork() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<someone@elsewhere.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<bob@partner.test>")).startsWith("550 5.7.1");
            client.command("QUIT");
        }
    }

    @Test
    void mailForADomainThatDoesNotExistBouncesToTheInternalSender() throws Exception {
        send(gateway.smtpPort(), "clerk@customer.test", List.of("someone@nowhere.test"),
            plain("clerk@customer.test", "someone@nowhere.test", "Lost letter", "", "Anyone there?"));

        ReceivedMail bounce = awaitMail(customer, "clerk@customer.test", "someone@nowhere.test");
        assertThat(bounce.sender()).isEmpty();
    }

    /** The first mail delivered to {@code recipient} whose text mentions {@code about}. */
    private static ReceivedMail awaitMail(DownstreamSmtpServer server, String recipient, String about) throws InterruptedException {
        Instant deadline = Instant.now().plus(QuarantineTestSupport.WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<ReceivedMail> found = server.received().stream()
                .filter(mail -> mail.recipients().contains(recipient))
                .filter(mail -> mail.text().contains(about))
                .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing about '" + about + "' was delivered to " + recipient);
    }
}
