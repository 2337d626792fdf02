package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/** Messages, SMTP sends and WebAdmin reads shared by the quarantine end-to-end tests. */
final class QuarantineTestSupport {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The EICAR test file, assembled so that this source file is not itself flagged by a scanner. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private QuarantineTestSupport() {
    }

    static byte[] plain(String from, String to, String subject, String headers, String body) {
        return ("From: <" + from + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + Math.abs(subject.hashCode()) + "." + System.nanoTime() + "@sender.test>\r\n"
            + headers
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A message carrying the EICAR test file as a base64 attachment. */
    static byte[] withEicarAttachment(String from, String to, String subject) {
        String attachment = java.util.Base64.getMimeEncoder().encodeToString(EICAR.getBytes(StandardCharsets.US_ASCII));
        return ("From: <" + from + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + System.nanoTime() + "@sender.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Please see the attached file.\r\n"
            + "--b1\r\n"
            + "Content-Type: application/octet-stream; name=\"invoice.com\"\r\n"
            + "Content-Disposition: attachment; filename=\"invoice.com\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + attachment + "\r\n"
            + "--b1--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One SMTP transaction; fails the test unless the gateway answered 250 to DATA. */
    /** A zip holding one file. */
    static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A message from partner@outside.test with a line of text and one base64 attachment. */
    static byte[] withAttachment(String to, String subject, String filename, String type, byte[] content) {
        return ("From: <partner@outside.test>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <" + System.nanoTime() + "@outside.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nThe documents.\r\n"
            + "--b1\r\nContent-Type: " + type + "; name=\"" + filename + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(content) + "\r\n--b1--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static void send(int smtpPort, String from, List<String> recipients, byte[] message) throws IOException {
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.ehlo();
            assertThat(client.command("MAIL FROM:<" + from + ">")).startsWith("250");
            for (String recipient : recipients) {
                assertThat(client.command("RCPT TO:<" + recipient + ">")).as(recipient).startsWith("250");
            }
            assertThat(client.data(message)).startsWith("250");
            client.command("QUIT");
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode search(int webAdminPort, String query) {
        HttpResponse<String> response = TestGateway.request(webAdminPort, "GET", "/cleanport/quarantine?" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** Polls the search until it finds {@code total} entries. */
    static JsonNode awaitTotal(int webAdminPort, String query, int total) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode result = search(webAdminPort, query);
        while (result.get("total").asInt() != total && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            result = search(webAdminPort, query);
        }
        assertThat(result.get("total").asInt()).as("entries for " + query + ": " + result).isEqualTo(total);
        return result;
    }

    static ReceivedMail awaitSubject(DownstreamSmtpServer server, String subject) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<ReceivedMail> mail = server.received().stream()
                .filter(received -> subject.equals(received.header("Subject")))
                .findFirst();
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing with subject '" + subject + "' was delivered");
    }

    static List<ReceivedMail> deliveredWithSubjectEndingIn(DownstreamSmtpServer server, String suffix) {
        return server.received().stream()
            .filter(mail -> mail.header("Subject") != null && mail.header("Subject").endsWith(suffix))
            .toList();
    }

    /** Polls a counter of {@code GET /cleanport/stats?domain=} until it reaches {@code value}. */
    static void awaitCounter(int webAdminPort, String domain, String counter, int value) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        IntFunction<Boolean> reached = expected -> json(TestGateway.request(webAdminPort, "GET", "/cleanport/stats?domain=" + domain, null))
            .path("counters").path(counter).asInt() >= expected;
        while (!reached.apply(value) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        JsonNode stats = json(TestGateway.request(webAdminPort, "GET", "/cleanport/stats?domain=" + domain, null));
        assertThat(stats.path("counters").path(counter).asInt()).as(counter + " of " + domain + " in " + stats).isEqualTo(value);
    }
}
