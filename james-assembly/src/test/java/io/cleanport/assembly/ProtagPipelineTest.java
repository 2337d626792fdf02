package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitCounter;
import static io.cleanport.assembly.QuarantineTestSupport.awaitSubject;
import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.param;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withAttachment;
import static io.cleanport.assembly.QuarantineTestSupport.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * ProTAG end to end over real SMTP and HTTP: a virus found by a heuristic rule is quarantined (or deleted,
 * per policy) and both notifications are delivered; a payload learned from a rule or from an administrator's
 * report is caught by hash when it comes back in a wrapping no rule flags, also after a restart; a deleted
 * signature no longer catches anything.
 */
class ProtagPipelineTest {
    @TempDir
    static Path directory;

    static DownstreamSmtpServer customer;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory, mailets -> mailets);
        protect();
    }

    private static void protect() {
        gateway.protect("v.test", "{\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}],"
            + "\"notifications\":{\"virusToRecipient\":true,\"ictAddress\":\"ict@v.test\"}}");
        for (String user : List.of("alice", "bob", "dave", "ict")) {
            gateway.addUser("v.test", user);
        }
        gateway.protect("w.test", "{\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}],"
            + "\"actions\":{\"virus\":\"delete\"}}");
        gateway.addUser("w.test", "carol");
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

    /** A minimal PE executable: what the detector sees, whatever the file is called. */
    private static byte[] executable() {
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3c] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        pe[0x84] = 0x4c;
        pe[0x85] = 0x01;
        return pe;
    }

    private static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<ReceivedMail> notifications(String to, String subjectPart) {
        return customer.received().stream()
            .filter(mail -> mail.recipients().contains(to))
            // the gateway's own X-CleanPort-Notification header is replaced by the delivery headers on the way
            .filter(mail -> "auto-generated".equals(mail.header("Auto-Submitted")))
            .filter(mail -> String.valueOf(mail.header("Subject")).startsWith("Virus blocked: "))
            .filter(mail -> mail.text().contains(subjectPart))
            .toList();
    }

    private static List<ReceivedMail> awaitNotifications(String to, String subjectPart, int count) throws InterruptedException {
        long deadline = System.nanoTime() + QuarantineTestSupport.WAIT.toNanos();
        List<ReceivedMail> found = notifications(to, subjectPart);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = notifications(to, subjectPart);
        }
        assertThat(found).as("notifications to " + to + " about " + subjectPart).hasSize(count);
        return found;
    }

    @Test
    void aVirusIsQuarantinedAndTheRecipientAndTheIctAddressAreNotified() throws Exception {
        byte[] archive = zip("invoice.pdf.exe", executable());
        send(gateway.smtpPort(), "partner@outside.test", List.of("alice@v.test"),
            withAttachment("alice@v.test", "Monthly statement", "statement.zip", "application/zip", archive));

        JsonNode entry = awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Monthly statement"), 1).get("items").get(0);
        String reasons = entry.get("reasons").toString();
        assertThat(reasons).contains("ProTAG.ArchivedExecutable").contains("'invoice.pdf.exe' inside 'statement.zip'");
        String quarantineId = entry.get("id").asText();

        ReceivedMail toAlice = awaitNotifications("alice@v.test", "Monthly statement", 1).get(0);
        ReceivedMail toIct = awaitNotifications("ict@v.test", "Monthly statement", 1).get(0);
        for (ReceivedMail notice : List.of(toAlice, toIct)) {
            assertThat(notice.header("Subject")).isEqualTo("Virus blocked: ProTAG.ArchivedExecutable");
            assertThat(notice.sender()).isEmpty();
            assertThat(notice.text()).contains(quarantineId).contains("partner@outside.test")
                .doesNotContain(Base64.getMimeEncoder().encodeToString(archive).substring(0, 40));
        }
        assertThat(customer.received()).noneMatch(mail -> "Monthly statement".equals(mail.header("Subject")));
    }

    @Test
    void aDomainThatDeletesVirusesDeletesAndSaysSo() throws Exception {
        send(gateway.smtpPort(), "partner@outside.test", List.of("carol@w.test"),
            withAttachment("carol@w.test", "Deleted statement", "run.js", "application/javascript",
                "WScript.Shell".getBytes(StandardCharsets.US_ASCII)));
        ReceivedMail notice = awaitNotifications("carol@w.test", "Deleted statement", 1).get(0);
        assertThat(notice.text()).contains("deleted").contains("ProTAG.DangerousAttachment");
        awaitCounter(gateway.webAdminPort(), "w.test", "virus", 1);
        assertThat(json(gateway.http("GET", "/cleanport/quarantine?domain=w.test", null)).get("total").asInt()).isZero();
    }

    @Test
    void aPayloadLearnedFromARuleIsCaughtByHashAlsoAfterARestartUntilItsSignatureIsDeleted() throws Exception {
        byte[] payload = payload(6000, 11);
        send(gateway.smtpPort(), "partner@outside.test", List.of("bob@v.test"),
            withAttachment("bob@v.test", "Learn first", "invoice.pdf.exe", "application/octet-stream", payload));
        awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Learn first"), 1);

        send(gateway.smtpPort(), "partner@outside.test", List.of("bob@v.test"),
            withAttachment("bob@v.test", "Learn second", "notes.dat", "application/octet-stream", payload));
        JsonNode second = awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Learn second"), 1).get("items").get(0);
        assertThat(second.get("reasons").toString()).contains("LEARNED_SIGNATURE").contains("notes.dat");

        JsonNode signatures = json(gateway.http("GET", "/cleanport/signatures?name=DangerousAttachment", null));
        JsonNode signature = null;
        for (JsonNode item : signatures.get("items")) {
            if (item.get("evidence").asText().contains("invoice.pdf.exe")) {
                signature = item;
            }
        }
        assertThat(signature).as(signatures.toString()).isNotNull();
        assertThat(signature.get("source").asText()).isEqualTo("rule");

        Path home = gateway.home();
        Path conf = gateway.conf();
        int smtpPort = gateway.smtpPort();
        int webAdminPort = gateway.webAdminPort();
        gateway.close();
        gateway = TestGateway.start(home, conf, smtpPort, webAdminPort);

        send(gateway.smtpPort(), "partner@outside.test", List.of("bob@v.test"),
            withAttachment("bob@v.test", "Learn after restart", "again.dat", "application/octet-stream", payload));
        JsonNode third = awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Learn after restart"), 1).get("items").get(0);
        assertThat(third.get("reasons").toString()).contains("LEARNED_SIGNATURE");

        HttpResponse<String> deleted = gateway.http("DELETE", "/cleanport/signatures/" + signature.get("id").asText(), null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        send(gateway.smtpPort(), "partner@outside.test", List.of("bob@v.test"),
            withAttachment("bob@v.test", "Learn forgotten", "again.dat", "application/octet-stream", payload));
        ReceivedMail delivered = awaitSubject(customer, "Learn forgotten");
        assertThat(delivered.header("X-CleanPort-Status")).isEqualTo("clean");
    }

    @Test
    void anAdministratorsReportIsCaughtNextTimeInsideAZip() throws Exception {
        byte[] lure = payload(5000, 12);
        byte[] reported = withAttachment("dave@v.test", "Your parcel", "label.pdf", "application/pdf", lure);
        HttpResponse<String> response = gateway.http("POST", "/cleanport/learning/virus?name=ProTAG.ParcelLure",
            new String(reported, StandardCharsets.US_ASCII));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode learned = json(response);
        assertThat(learned.get("verdict").asText()).isEqualTo("clean");
        assertThat(learned.get("learned").get(0).get("source").asText()).isEqualTo("admin");

        send(gateway.smtpPort(), "partner@outside.test", List.of("dave@v.test"),
            withAttachment("dave@v.test", "Parcel again", "label.zip", "application/zip", zip("label.pdf", lure)));
        JsonNode entry = awaitTotal(gateway.webAdminPort(), "category=virus&q=" + param("Parcel again"), 1).get("items").get(0);
        assertThat(entry.get("reasons").toString()).contains("ProTAG.ParcelLure");

        assertThat(gateway.http("POST", "/cleanport/learning/virus", "").statusCode()).isEqualTo(400);
        assertThat(gateway.http("POST", "/cleanport/learning/virus?bogus=1", new String(reported, StandardCharsets.US_ASCII))
            .statusCode()).isEqualTo(400);
    }
}
