package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.core.antivirus.AntivirusSettings;
import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.testing.InMemorySignatureStore;

/** POST /cleanport/learning/virus over real HTTP: what is learned, and every refusal. */
class LearningRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static InMemorySignatureStore store;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        store = new InMemorySignatureStore();
        SignatureIndex index = new SignatureIndex(store, Clock.systemUTC());
        AntivirusSettings settings = AntivirusSettings.defaults();
        ProtagEngine engine = new ProtagEngine(settings.scanLimits(), settings.archiveLimits(), settings.rules(), index,
            Optional.empty());
        server = WebAdminTestServer.start(new LearningRoutes(engine, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        store.clear();
    }

    private static String message(String attachmentName) {
        byte[] lure = new byte[3000];
        new Random(5).nextBytes(lure);
        return "From: x@example.org\r\nTo: alice@example.com\r\nSubject: parcel\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nlabel\r\n--b\r\n"
            + (attachmentName == null ? "Content-Type: text/plain\r\n\r\nno file\r\n"
                : "Content-Type: application/pdf; name=" + attachmentName + "\r\nContent-Disposition: attachment; filename="
                    + attachmentName + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(lure)
                    + "\r\n")
            + "--b--\r\n";
    }

    @Test
    void aReportedMessageIsLearnedUnderTheGivenName() throws Exception {
        HttpResponse<String> response = server.post("/cleanport/learning/virus?name=ProTAG.ParcelLure", message("label.pdf"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("verdict").asText()).isEqualTo("clean");
        assertThat(body.get("name").asText()).isEqualTo("ProTAG.ParcelLure");
        assertThat(body.get("learned").get(0).get("evidence").asText()).isEqualTo("attachment 'label.pdf' (part 2)");
        assertThat(body.get("learned").get(0).get("source").asText()).isEqualTo("admin");
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void aFormBodyIsRefusedWithTheWayToSendAMessage() {
        HttpResponse<String> response = server.postForm("/cleanport/learning/virus", message("label.pdf"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("message/rfc822");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void refusalsNameTheProblemAndLearnNothing() {
        assertThat(server.post("/cleanport/learning/virus").body()).contains("body: empty");
        assertThat(server.post("/cleanport/learning/virus?bogus=1", message("a.pdf")).body()).contains("bogus: unknown parameter");
        assertThat(server.post("/cleanport/learning/virus?name=a&name=b", message("a.pdf")).body()).contains("name: given more than once");
        assertThat(server.post("/cleanport/learning/virus?name=%01bad", message("a.pdf")).body()).contains("name: ");
        HttpResponse<String> noFile = server.post("/cleanport/learning/virus", message(null));
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(noFile.body()).contains("no file to learn");
        assertThat(store.all()).isEmpty();
    }
}
