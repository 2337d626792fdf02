package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.core.antivirus.NewSignature;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.antivirus.SignatureSource;
import io.cleanport.core.antivirus.VirusSignature;
import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.testing.MutableClock;

class SignatureRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNATURES = "/cleanport/signatures";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static InMemorySignatureStore store;
    static MutableClock clock;
    static SignatureIndex index;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        store = new InMemorySignatureStore();
        clock = new MutableClock(T0);
        index = new SignatureIndex(store, clock);
        server = WebAdminTestServer.start(new SignatureRoutes(index, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void noSignatures() {
        store.repair();
        store.clear();
        index.refresh();
        clock.set(T0);
    }

    // ---- fixtures ----

    static byte[] content(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static VirusSignature learn(long seed, int size, String name, SignatureSource source) {
        return index.learn(NewSignature.of(Fingerprint.of(content(seed, size)), name, source,
            "attachment 'file" + seed + ".exe' (part 2)"));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return json(response);
    }

    static void assertError(HttpResponse<String> response, int status, String type, String messageStart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = json(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).startsWith(messageStart);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "<html");
    }

    static void assertBadRequest(HttpResponse<String> response, String parameter) {
        assertError(response, 400, "InvalidArgument", parameter + ": ");
    }

    static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    static List<Long> ids(VirusSignature... signatures) {
        List<Long> ids = new ArrayList<>();
        for (VirusSignature signature : signatures) {
            ids.add(signature.id());
        }
        return ids;
    }

    // ---- list ----

    @Nested
    class Search {
        VirusSignature trojan;
        VirusSignature eicar;
        VirusSignature worm;

        @BeforeEach
        void threeSignaturesOverTwoHours() {
            trojan = learn(1, 20 * 1024, "Win.Trojan.Agent-1", SignatureSource.RULE);
            clock.advance(Duration.ofHours(1));
            eicar = learn(2, 68, "EICAR-Test-File", SignatureSource.CLAMD);
            clock.advance(Duration.ofHours(1));
            worm = learn(3, 4096, "Doc.Trojan.Macro-7", SignatureSource.ADMIN);
        }

        private List<Long> search(String query) {
            JsonNode page = ok(server.get(SIGNATURES + query));
            assertThat(page.get("total").asLong()).isEqualTo(page.get("items").size());
            return ids(page);
        }

        @Test
        void everythingNewestFirstWithTheDefaultPage() {
            JsonNode page = ok(server.get(SIGNATURES));

            assertThat(page.get("total").asLong()).isEqualTo(3);
            assertThat(page.get("offset").asInt()).isZero();
            assertThat(page.get("limit").asInt()).isEqualTo(100);
            assertThat(ids(page)).isEqualTo(ids(worm, eicar, trojan));
            assertThat(page.get("items").get(2)).isEqualTo(ok(server.get(SIGNATURES + "/" + trojan.id())));
        }

        @Test
        void theSignatureDocument() throws Exception {
            JsonNode item = ok(server.get(SIGNATURES + "/" + trojan.id()));

            assertThat(item).isEqualTo(JSON.readTree("{"
                + "\"id\": " + trojan.id() + ","
                + "\"sha256\": \"" + Fingerprint.of(content(1, 20 * 1024)).sha256() + "\","
                + "\"size\": 20480,"
                + "\"name\": \"Win.Trojan.Agent-1\","
                + "\"source\": \"rule\","
                + "\"evidence\": \"attachment 'file1.exe' (part 2)\","
                + "\"firstSeen\": \"2026-12-01T10:00:00Z\","
                + "\"hits\": 0,"
                + "\"similarityDigest\": true}"));
            assertThat(ok(server.get(SIGNATURES + "/" + eicar.id())).get("similarityDigest").asBoolean())
                .as("68 bytes: too small for a digest").isFalse();
        }

        @Test
        void hitsAndTheLastHitOnceFlushed() {
            index.match(Fingerprint.of(content(1, 20 * 1024)));
            index.match(Fingerprint.of(content(1, 20 * 1024)));
            clock.advance(Duration.ofMinutes(30));
            index.flushHits();

            JsonNode item = ok(server.get(SIGNATURES + "/" + trojan.id()));

            assertThat(item.get("hits").asLong()).isEqualTo(2);
            assertThat(item.get("lastHit").asText()).isEqualTo("2026-12-01T12:30:00Z");
            assertThat(ok(server.get(SIGNATURES + "/" + worm.id())).has("lastHit")).isFalse();
        }

        @Test
        void bySource() {
            assertThat(search("?source=clamd")).isEqualTo(ids(eicar));
            assertThat(search("?source=rule")).isEqualTo(ids(trojan));
            assertThat(search("?source=admin")).isEqualTo(ids(worm));
        }

        @Test
        void byAPartOfTheNameIgnoringCase() {
            assertThat(search("?name=trojan")).isEqualTo(ids(worm, trojan));
            assertThat(search("?name=EICAR-test")).isEqualTo(ids(eicar));
            assertThat(search("?name=" + URLEncoder.encode("agent-1", StandardCharsets.UTF_8))).isEqualTo(ids(trojan));
            assertThat(search("?name=nothing")).isEmpty();
        }

        @Test
        void filtersCombine() {
            assertThat(search("?name=trojan&source=admin")).isEqualTo(ids(worm));
            assertThat(search("?name=eicar&source=admin")).isEmpty();
        }

        @Test
        void anEmptyValueIsAParameterNotGiven() {
            JsonNode page = ok(server.get(SIGNATURES + "?source=&name=&offset=&limit="));

            assertThat(page.get("total").asLong()).isEqualTo(3);
            assertThat(page.get("limit").asInt()).isEqualTo(100);
        }

        @Test
        void aDeletedSignatureIsNotListed() {
            index.delete(eicar.id());

            assertThat(search("")).isEqualTo(ids(worm, trojan));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "source=RULE|source",
            "source=worm|source",
            "offset=-1|offset",
            "offset=ten|offset",
            "offset=99999999999|offset",
            "limit=0|limit",
            "limit=1001|limit",
            "limit=1.5|limit",
            "sort=name|sort",
            "nmae=trojan|nmae",
            "source=rule&limit=1&limit=2|limit",
        })
        void aBadParameterIsA400NamingIt(String query, String parameter) {
            assertBadRequest(server.get(SIGNATURES + "?" + query), parameter);
        }

        @Test
        void aTooLongNameIsA400NamingName() {
            assertBadRequest(server.get(SIGNATURES + "?name=" + "x".repeat(129)), "name");
        }

        @Test
        void theMessagesSayWhatIsAccepted() {
            assertThat(json(server.get(SIGNATURES + "?source=worm")).get("message").asText())
                .isEqualTo("source: 'worm' is not a signature source; expected one of rule, clamd, admin");
            assertThat(json(server.get(SIGNATURES + "?nmae=x")).get("message").asText())
                .isEqualTo("nmae: unknown parameter; expected one of source, name, offset, limit");
            assertThat(json(server.get(SIGNATURES + "?limit=0")).get("message").asText())
                .isEqualTo("limit: 0 is out of range; expected 1 to 1000");
        }
    }

    // ---- paging ----

    @Nested
    class Paging {
        final List<VirusSignature> newestFirst = new ArrayList<>();

        @BeforeEach
        void twoHundredFiftySignatures() {
            for (int i = 0; i < 250; i++) {
                newestFirst.add(0, learn(1000 + i, 100, "CleanPort.Test.Page-" + i, SignatureSource.RULE));
                clock.advance(Duration.ofSeconds(1));
            }
        }

        @Test
        void theDefaultPageIsTheHundredNewest() {
            JsonNode page = ok(server.get(SIGNATURES));

            assertThat(page.get("total").asLong()).isEqualTo(250);
            assertThat(ids(page)).isEqualTo(ids(newestFirst.subList(0, 100).toArray(VirusSignature[]::new)));
        }

        @Test
        void pagesCoverEverySignatureOnce() {
            List<Long> all = new ArrayList<>();
            for (int offset = 0; offset < 250; offset += 30) {
                JsonNode page = ok(server.get(SIGNATURES + "?offset=" + offset + "&limit=30"));
                assertThat(page.get("total").asLong()).isEqualTo(250);
                all.addAll(ids(page));
            }

            assertThat(all).isEqualTo(ids(newestFirst.toArray(VirusSignature[]::new)));
            assertThat(ids(ok(server.get(SIGNATURES + "?limit=1000")))).hasSize(250);
        }

        @Test
        void aPageBeyondTheEndIsEmptyWithTheTotal() {
            JsonNode page = ok(server.get(SIGNATURES + "?offset=300"));

            assertThat(page.get("total").asLong()).isEqualTo(250);
            assertThat(page.get("items")).isEmpty();
        }

        @Test
        void sameInstantNewestIdFirst() {
            clock.set(T0.minusSeconds(60));
            VirusSignature a = learn(1, 100, "Same.Instant.A", SignatureSource.RULE);
            VirusSignature b = learn(2, 100, "Same.Instant.B", SignatureSource.RULE);

            assertThat(ids(ok(server.get(SIGNATURES + "?name=same.instant")))).isEqualTo(ids(b, a));
        }
    }

    // ---- one signature ----

    @Nested
    class One {
        @Test
        void anUnknownIdIs404() {
            assertError(server.get(SIGNATURES + "/999999"), 404, "notFound", "No virus signature 999999");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "0", "-1", "1.5", "1e3", "99999999999999999999"})
        void anIdThatIsNotAPositiveNumberIs400NamingId(String id) {
            assertBadRequest(server.get(SIGNATURES + "/" + id), "id");
            assertBadRequest(server.delete(SIGNATURES + "/" + id), "id");
        }

        @Test
        void anUnknownParameterIs400() {
            VirusSignature signature = learn(4, 100, "CleanPort.Test.One", SignatureSource.RULE);

            assertBadRequest(server.get(SIGNATURES + "/" + signature.id() + "?fields=all"), "fields");
            assertBadRequest(server.delete(SIGNATURES + "/" + signature.id() + "?force=true"), "force");
            assertThat(index.size()).as("nothing deleted").isEqualTo(1);
        }
    }

    // ---- delete ----

    @Nested
    class Delete {
        @Test
        void is204ThenTheSignatureIsGoneAndNoLongerMatches() {
            byte[] virus = content(5, 20 * 1024);
            VirusSignature signature = index.learn(NewSignature.of(Fingerprint.of(virus), "False.Positive",
                SignatureSource.RULE, "a harmless installer"));
            assertThat(index.match(Fingerprint.of(virus))).isPresent();

            HttpResponse<String> response = server.delete(SIGNATURES + "/" + signature.id());

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(index.match(Fingerprint.of(virus))).isEmpty();
            assertThat(store.get(signature.id())).isEmpty();
            assertError(server.get(SIGNATURES + "/" + signature.id()), 404, "notFound", "No virus signature " + signature.id());
            assertError(server.delete(SIGNATURES + "/" + signature.id()), 404, "notFound", "No virus signature " + signature.id());
        }
    }

    // ---- store failure ----

    @Nested
    class StoreFailure {
        @Test
        void answersAJson500WithoutInternals() {
            VirusSignature signature = learn(6, 100, "CleanPort.Test.Down", SignatureSource.RULE);
            store.breakDown("connection to db.internal:5432 refused, password secret");

            for (HttpResponse<String> response : List.of(
                server.get(SIGNATURES),
                server.get(SIGNATURES + "/" + signature.id()),
                server.delete(SIGNATURES + "/" + signature.id()))) {
                assertError(response, 500, "ServerError", "The signature store failed; see the server log");
                assertThat(response.body()).doesNotContain("secret", "db.internal");
            }
            assertThat(index.match(Fingerprint.of(content(6, 100)))).as("matching goes on from memory").isPresent();
        }
    }
}
