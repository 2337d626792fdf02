package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitCounter;
import static io.cleanport.assembly.QuarantineTestSupport.awaitSubject;
import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.param;
import static io.cleanport.assembly.QuarantineTestSupport.plain;
import static io.cleanport.assembly.QuarantineTestSupport.search;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withAttachment;
import static io.cleanport.assembly.QuarantineTestSupport.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * Content rules end to end: created over WebAdmin while the gateway runs (no restart), applied over real
 * SMTP, each recipient by its domain's rules and its own, with the outcome of the rule's action or the
 * policy's {@code actions.content}.
 */
class ContentFilterTest {
    @TempDir
    static Path directory;

    static DownstreamSmtpServer customer;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory, mailets -> mailets);
        gateway.protect("c.test", TestGateway.downstreamPolicy(customer.port()));
        for (String user : List.of("alice", "bob", "carol")) {
            gateway.addUser("c.test", user);
        }
        rule("/cleanport/domains/c.test/rules", "{\"type\":\"attachment\",\"value\":\"image\",\"description\":\"no pictures\"}");
        gateway.protect("d.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]}");
        rule("/cleanport/domains/d.test/rules", "{\"type\":\"senderDomain\",\"value\":\"junk.test\",\"action\":\"delete\"}");
        rule("/cleanport/domains/c.test/rules", "{\"type\":\"header\",\"value\":\"X-Mailer: ^BulkBlaster\"}");
        rule("/cleanport/domains/c.test/users/bob/rules", "{\"type\":\"content\",\"value\":\"cheap pills\",\"action\":\"tag\"}");
        rule("/cleanport/domains/c.test/users/carol/rules", "{\"type\":\"size\",\"value\":\"5000\"}");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (customer != null) {
            customer.close();
        }
    }

    private static String rule(String path, String json) {
        HttpResponse<String> response = gateway.http("POST", path, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    /**
     * The head of a PNG image: what the detector sees, whatever the file is called. (Not a program: ProTAG
     * would stop that as a virus before the content filter.)
     */
    private static byte[] image() {
        byte[] png = new byte[256];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, png, 0, head.length);
        return png;
    }

    @Test
    void anImageWithALyingNameInsideAZipIsQuarantinedForEveryRecipientOfTheDomain() throws Exception {
        byte[] archive = zip("invoice.pdf", image());
        send(gateway.smtpPort(), "partner@outside.test", List.of("alice@c.test", "bob@c.test"),
            withAttachment("alice@c.test", "Zipped invoice", "documents.zip", "application/zip", archive));

        JsonNode found = awaitTotal(gateway.webAdminPort(), "category=content&q=" + param("Zipped invoice"), 2);
        assertThat(found.get("items").get(0).get("reasons").toString()).contains("invoice.pdf").contains("CF_");

        send(gateway.smtpPort(), "partner@outside.test", List.of("alice@c.test"),
            withAttachment("alice@c.test", "A real pdf", "report.pdf", "application/pdf",
                "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)));
        ReceivedMail pdf = awaitSubject(customer, "A real pdf");
        assertThat(pdf.header("X-CleanPort-Status")).isEqualTo("clean");
        assertThat(customer.received()).noneMatch(mail -> "Zipped invoice".equals(mail.header("Subject")));
    }

    @Test
    void aUsersOwnRuleAppliesToThatRecipientOnly() throws Exception {
        send(gateway.smtpPort(), "friend@outside.test", List.of("alice@c.test", "bob@c.test"),
            plain("friend@outside.test", "alice@c.test", "Pharmacy news", "", "Get cheap pills today."));

        ReceivedMail bob = awaitSubject(customer, "*** CF *** Pharmacy news");
        assertThat(bob.recipients()).containsExactly("bob@c.test");
        assertThat(bob.header("X-CleanPort-Status")).isEqualTo("content");
        assertThat(bob.header("X-CleanPort-Rules")).startsWith("CF_");
        ReceivedMail alice = awaitSubject(customer, "Pharmacy news");
        assertThat(alice.recipients()).containsExactly("alice@c.test");
        assertThat(alice.header("X-CleanPort-Status")).isEqualTo("clean");
    }

    @Test
    void aRulesOwnActionOverridesThePolicy() throws Exception {
        // d.test quarantines content by policy; the rule says delete.
        send(gateway.smtpPort(), "news@mail.junk.test", List.of("someone@d.test"),
            plain("news@mail.junk.test", "someone@d.test", "Junk newsletter", "", "Hello."));

        awaitCounter(gateway.webAdminPort(), "d.test", "content", 1);
        assertThat(search(gateway.webAdminPort(), "q=" + param("Junk newsletter")).get("total").asInt()).isZero();
        assertThat(customer.received()).noneMatch(mail -> "Junk newsletter".equals(mail.header("Subject")));
    }

    @Test
    void headerAndSizeRules() throws Exception {
        send(gateway.smtpPort(), "list@outside.test", List.of("alice@c.test"),
            plain("list@outside.test", "alice@c.test", "Bulk header", "X-Mailer: BulkBlaster 2.0\r\n", "Offer."));
        awaitTotal(gateway.webAdminPort(), "category=content&q=" + param("Bulk header"), 1);

        String big = ("word ".repeat(15) + "\r\n").repeat(80);
        send(gateway.smtpPort(), "friend@outside.test", List.of("alice@c.test", "carol@c.test"),
            plain("friend@outside.test", "carol@c.test", "Long letter", "", big));
        JsonNode carol = awaitTotal(gateway.webAdminPort(), "category=content&q=" + param("Long letter"), 1).get("items").get(0);
        assertThat(carol.get("recipient").asText()).isEqualTo("carol@c.test");
        assertThat(awaitSubject(customer, "Long letter").recipients()).containsExactly("alice@c.test");
    }

    @Test
    void rulesAreListedDeletedAndInvalidOnesRefused() {
        String id = rule("/cleanport/domains/c.test/rules", "{\"type\":\"content\",\"value\":\"/lottery\\\\s+winner/\"}");
        assertThat(gateway.http("GET", "/cleanport/domains/c.test/rules/" + id, null).body()).contains("lottery");
        assertThat(gateway.http("DELETE", "/cleanport/domains/c.test/rules/" + id, null).statusCode()).isEqualTo(204);
        assertThat(gateway.http("GET", "/cleanport/domains/c.test/rules/" + id, null).statusCode()).isEqualTo(404);

        HttpResponse<String> badRegex = gateway.http("POST", "/cleanport/domains/c.test/rules", "{\"type\":\"content\",\"value\":\"/(unclosed/\"}");
        assertThat(badRegex.statusCode()).isEqualTo(400);
        assertThat(json(badRegex).get("message").asText()).contains("value");
        HttpResponse<String> badType = gateway.http("POST", "/cleanport/domains/c.test/rules", "{\"type\":\"colour\",\"value\":\"red\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(json(badType).get("message").asText()).contains("type");
    }
}
