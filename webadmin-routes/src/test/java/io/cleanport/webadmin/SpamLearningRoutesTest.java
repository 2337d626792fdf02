package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;

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
import io.cleanport.core.spam.SpamLearner;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.bayes.InMemoryTokenStore;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.testing.InMemorySignatureStore;

/** POST /cleanport/learning/spam|ham and GET /cleanport/learning/bayes over real HTTP. */
class SpamLearningRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFER = "From: deals@offers.example\r\nTo: alice@example.com\r\nSubject: cheap watches\r\n"
        + "\r\nReplica watches at unbeatable prices, order now.\r\n";
    static InMemoryTokenStore tokens;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        AntivirusSettings settings = AntivirusSettings.defaults();
        ProtagEngine engine = new ProtagEngine(settings.scanLimits(), settings.archiveLimits(), settings.rules(),
            new SignatureIndex(new InMemorySignatureStore(), Clock.systemUTC()), Optional.empty());
        tokens = new InMemoryTokenStore(Clock.systemUTC());
        SpamLearner learner = new SpamLearner(new SpamMessageParser(), new SpamTokenizer(), tokens);
        server = WebAdminTestServer.start(new LearningRoutes(engine, learner, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        tokens.clear();
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String outcome(String messageClass, String message) throws Exception {
        JsonNode body = ok(server.post("/cleanport/learning/" + messageClass, message));
        assertThat(body.get("learned").asText()).isEqualTo(messageClass);
        return body.get("outcome").asText();
    }

    @Test
    void aMessageIsLearnedOnceThenMovedToTheOtherClass() throws Exception {
        assertThat(outcome("spam", OFFER)).isEqualTo("learned");
        assertThat(outcome("spam", OFFER)).isEqualTo("alreadyLearned");
        JsonNode totals = ok(server.get("/cleanport/learning/bayes"));
        assertThat(totals.get("spamMessages").asLong()).isEqualTo(1);
        assertThat(totals.get("hamMessages").asLong()).isZero();

        assertThat(outcome("ham", OFFER)).isEqualTo("moved");
        totals = ok(server.get("/cleanport/learning/bayes"));
        assertThat(totals.get("spamMessages").asLong()).isZero();
        assertThat(totals.get("hamMessages").asLong()).isEqualTo(1);
    }

    @Test
    void refusalsNameTheProblemAndLearnNothing() throws Exception {
        HttpResponse<String> empty = server.post("/cleanport/learning/spam");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("body: empty");
        HttpResponse<String> parameter = server.post("/cleanport/learning/ham?remember=true", OFFER);
        assertThat(parameter.statusCode()).isEqualTo(400);
        assertThat(parameter.body()).contains("remember: unknown parameter");
        HttpResponse<String> form = server.postForm("/cleanport/learning/spam", OFFER);
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("message/rfc822");

        JsonNode totals = ok(server.get("/cleanport/learning/bayes"));
        assertThat(totals.get("spamMessages").asLong()).isZero();
        assertThat(totals.get("hamMessages").asLong()).isZero();
    }
}
