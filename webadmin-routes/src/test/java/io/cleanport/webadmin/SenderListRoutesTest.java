package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.senders.CachingSenderListStore;
import io.cleanport.core.senders.JdbcSenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.senders.SenderLists;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class SenderListRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 5;
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName CATCH_ALL = DomainName.of("catchall.example");
    private static final String DOMAIN = "/cleanport/domains/example.com/senders";
    private static final String ALICE = "/cleanport/domains/example.com/users/alice/senders";

    @TempDir
    static Path folder;
    static TestDatabase database;
    static PolicyStore policies;
    static SenderListStore senders;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        database = TestDatabases.derby(folder);
        policies = new CachingPolicyStore(new JdbcPolicyStore(database.database()));
        senders = new CachingSenderListStore(new JdbcSenderListStore(database.database(), LIMIT));
        server = WebAdminTestServer.start(new SenderListRoutes(senders, policies, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    @BeforeEach
    void oneDomainWithAliceAndOneCatchAllDomain() {
        policies.domains().forEach(domain -> {
            policies.deleteDomain(domain);
            senders.removeDomain(domain);
        });
        policies.putDomain(EXAMPLE, DomainPolicy.defaults());
        policies.putUser(EXAMPLE, "alice", UserPolicy.empty());
        policies.putDomain(CATCH_ALL, DomainPolicy.builder().catchAll(true).build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static void assertLists(HttpResponse<String> response, String expectedJson) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response)).isEqualTo(JSON.readTree(expectedJson));
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

    @Nested
    class DomainScope {
        @Test
        void aProtectedDomainStartsWithEmptyLists() throws Exception {
            assertLists(server.get(DOMAIN), "{\"allow\":[],\"block\":[]}");
        }

        @Test
        void putAddsLowerCasedEntriesAndGetListsThemSorted() throws Exception {
            assertThat(server.putWithoutBody(DOMAIN + "/allow/Zed@Example.ORG").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(DOMAIN + "/allow/@partner.example").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(DOMAIN + "/block/@spam.example").statusCode()).isEqualTo(204);

            assertLists(server.get(DOMAIN),
                "{\"allow\":[\"@partner.example\",\"zed@example.org\"],\"block\":[\"@spam.example\"]}");
        }

        @Test
        void putIsIdempotent() throws Exception {
            assertThat(server.putWithoutBody(DOMAIN + "/block/bob@example.org").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(DOMAIN + "/block/bob@example.org").statusCode()).isEqualTo(204);

            assertLists(server.get(DOMAIN), "{\"allow\":[],\"block\":[\"bob@example.org\"]}");
        }

        @Test
        void puttingAnEntryOnTheOtherListMovesIt() throws Exception {
            server.putWithoutBody(DOMAIN + "/block/bob@example.org");

            assertThat(server.putWithoutBody(DOMAIN + "/allow/bob@example.org").statusCode()).isEqualTo(204);

            assertLists(server.get(DOMAIN), "{\"allow\":[\"bob@example.org\"],\"block\":[]}");
        }

        @Test
        void deleteRemovesFromTheNamedListAndIsIdempotent() throws Exception {
            server.putWithoutBody(DOMAIN + "/block/bob@example.org");
            server.putWithoutBody(DOMAIN + "/allow/@example.org");

            assertThat(server.delete(DOMAIN + "/allow/bob@example.org").statusCode()).isEqualTo(204);
            assertLists(server.get(DOMAIN), "{\"allow\":[\"@example.org\"],\"block\":[\"bob@example.org\"]}");

            assertThat(server.delete(DOMAIN + "/block/BOB@example.org").statusCode()).isEqualTo(204);
            assertThat(server.delete(DOMAIN + "/block/bob@example.org").statusCode()).isEqualTo(204);
            assertLists(server.get(DOMAIN), "{\"allow\":[\"@example.org\"],\"block\":[]}");
        }

        @Test
        void theAtSignMayBePercentEncodedAndAPlusStaysAPlus() throws Exception {
            assertThat(server.putWithoutBody(DOMAIN + "/allow/%40partner.example").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(DOMAIN + "/allow/bob+news@example.org").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(DOMAIN + "/allow/carol%2Bnews%40example.org").statusCode()).isEqualTo(204);

            assertLists(server.get(DOMAIN),
                "{\"allow\":[\"@partner.example\",\"bob+news@example.org\",\"carol+news@example.org\"],\"block\":[]}");
        }

        @Test
        void whatTheRoutesWriteIsWhatTheMailPipelineReads() {
            server.putWithoutBody(DOMAIN + "/block/@example.org");
            server.putWithoutBody(ALICE + "/allow/bob@example.org");

            assertThat(senders.classify(EXAMPLE, "alice", "bob@example.org").isAllowed()).isTrue();
            assertThat(senders.classify(EXAMPLE, "alice", "eve@example.org").isBlocked()).isTrue();
            assertThat(senders.classify(EXAMPLE, "carol", "bob@mail.example.org").isBlocked()).isTrue();
        }

        @Test
        void aFullScopeAnswers409() {
            for (int i = 0; i < LIMIT; i++) {
                assertThat(server.putWithoutBody(DOMAIN + "/block/s" + i + "@example.org").statusCode()).isEqualTo(204);
            }

            assertError(server.putWithoutBody(DOMAIN + "/block/@example.org"), 409, "WrongState",
                "the sender lists of example.com already hold " + LIMIT + " entries");
            assertThat(server.putWithoutBody(DOMAIN + "/allow/s0@example.org").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(ALICE + "/block/@example.org").statusCode()).isEqualTo(204);
        }
    }

    @Nested
    class UserScope {
        @Test
        void aKnownRecipientHasListsOfItsOwn() throws Exception {
            server.putWithoutBody(DOMAIN + "/block/@example.org");

            assertThat(server.putWithoutBody(ALICE + "/allow/bob@example.org").statusCode()).isEqualTo(204);

            assertLists(server.get(ALICE), "{\"allow\":[\"bob@example.org\"],\"block\":[]}");
            assertLists(server.get(DOMAIN), "{\"allow\":[],\"block\":[\"@example.org\"]}");
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).allow())
                .containsExactly(SenderPattern.parse("bob@example.org"));
        }

        @Test
        void localPartsAreCaseInsensitive() throws Exception {
            server.putWithoutBody("/cleanport/domains/example.com/users/ALICE/senders/allow/bob@example.org");

            assertLists(server.get(ALICE), "{\"allow\":[\"bob@example.org\"],\"block\":[]}");
        }

        @Test
        void anUnknownRecipientOfADomainThatIsNotCatchAllIs404() {
            String carol = "/cleanport/domains/example.com/users/carol/senders";

            assertError(server.putWithoutBody(carol + "/allow/bob@example.org"), 404, "notFound",
                "Recipient carol@example.com does not exist");
            assertError(server.get(carol), 404, "notFound", "Recipient carol@example.com does not exist");
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "carol")).isEmpty()).isTrue();
        }

        @Test
        void anyRecipientOfACatchAllDomainMayHaveLists() throws Exception {
            String anyone = "/cleanport/domains/catchall.example/users/anyone/senders";

            assertThat(server.putWithoutBody(anyone + "/block/@spam.example").statusCode()).isEqualTo(204);

            assertLists(server.get(anyone), "{\"allow\":[],\"block\":[\"@spam.example\"]}");
        }
    }

    @Nested
    class UnknownDomain {
        private static final String UNKNOWN = "/cleanport/domains/unknown.example/senders";

        @Test
        void putAndGetAre404() {
            assertError(server.putWithoutBody(UNKNOWN + "/allow/bob@example.org"), 404, "notFound",
                "Domain unknown.example is not protected");
            assertError(server.get(UNKNOWN), 404, "notFound", "Domain unknown.example is not protected");
            assertError(server.get("/cleanport/domains/unknown.example/users/alice/senders"), 404, "notFound",
                "Domain unknown.example is not protected");
            assertThat(senders.list(SenderListScope.domain(DomainName.of("unknown.example"))).isEmpty()).isTrue();
        }

        @Test
        void deleteStillRemovesWhatADomainLeftBehind() {
            SenderListScope gone = SenderListScope.domain(DomainName.of("gone.example"));
            senders.add(gone, ListKind.BLOCK, SenderPattern.parse("@spam.example"));

            assertThat(server.delete("/cleanport/domains/gone.example/senders/block/@spam.example").statusCode()).isEqualTo(204);

            assertThat(senders.list(gone).isEmpty()).isTrue();
        }
    }

    @Nested
    class BadRequests {
        @ParameterizedTest
        @ValueSource(strings = {"deny", "ALLOW", "whitelist"})
        void anUnknownListIsNamed(String list) {
            assertError(server.putWithoutBody(DOMAIN + "/" + list + "/bob@example.org"), 400, "InvalidArgument",
                "list: '" + list + "' is not a sender list; expected allow or block");
            assertError(server.delete(DOMAIN + "/" + list + "/bob@example.org"), 400, "InvalidArgument", "list: ");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "bob|sender: 'bob' is neither an address (bob@example.org) nor a domain (@example.org)",
            "bob@example|sender: 'example' is not a valid domain name",
            "bob@exa_mple.org|sender: 'exa_mple.org' is not a valid domain name",
            "@192.0.2.1|sender: '192.0.2.1' is not a valid domain name",
            "bo%20b@example.org|sender: 'bo b' is not a valid local part",
            "bob@|sender: must not be empty; expected a domain name",
        })
        void aBadSenderIsNamedWithItsBadPart(String sender, String message) {
            assertError(server.putWithoutBody(DOMAIN + "/allow/" + sender), 400, "InvalidArgument", message);
            assertError(server.delete(DOMAIN + "/allow/" + sender), 400, "InvalidArgument", "sender: ");
        }

        @Test
        void aBadDomainOrLocalPartIsNamed() {
            assertError(server.get("/cleanport/domains/exa_mple.com/senders"), 400, "InvalidArgument", "domain: ");
            assertError(server.putWithoutBody("/cleanport/domains/example.com/users/a..b/senders/allow/bob@example.org"),
                400, "InvalidArgument", "localPart: ");
        }

        @Test
        void nothingIsStoredByABadRequest() {
            server.putWithoutBody(DOMAIN + "/deny/bob@example.org");
            server.putWithoutBody(DOMAIN + "/allow/bob");

            assertThat(senders.list(SenderListScope.domain(EXAMPLE))).isEqualTo(SenderLists.empty());
        }
    }

    @Nested
    class BesideTheDomainPolicyRoutes {
        @Test
        void bothSetsOfRoutesAnswerOnOneServer() throws Exception {
            try (WebAdminTestServer both = WebAdminTestServer.start(new DomainPolicyRoutes(policies, new JsonTransformer()),
                new SenderListRoutes(senders, policies, new JsonTransformer()))) {
                assertThat(both.put("/cleanport/domains/example.com/users/bob", "{}").statusCode()).isEqualTo(204);
                assertThat(both.putWithoutBody("/cleanport/domains/example.com/users/bob/senders/block/@spam.example")
                    .statusCode()).isEqualTo(204);

                assertThat(both.get("/cleanport/domains/example.com/users/bob").statusCode()).isEqualTo(200);
                assertLists(both.get("/cleanport/domains/example.com/users/bob/senders"),
                    "{\"allow\":[],\"block\":[\"@spam.example\"]}");
            }
        }
    }

    @Nested
    class StoreFailure {
        @Test
        void answersAJson500WithoutInternals() {
            SenderListStore broken = new SenderListStore() {
                @Override
                public boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern) {
                    throw new StoreException("connection refused");
                }

                @Override
                public boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern) {
                    throw new StoreException("connection refused");
                }

                @Override
                public SenderLists list(SenderListScope scope) {
                    throw new StoreException("connection refused");
                }

                @Override
                public int removeDomain(DomainName domain) {
                    throw new StoreException("connection refused");
                }
            };
            try (WebAdminTestServer failing = WebAdminTestServer.start(new SenderListRoutes(broken, policies, new JsonTransformer()))) {
                assertError(failing.get(DOMAIN), 500, "ServerError", "The sender list store failed");
                assertError(failing.putWithoutBody(DOMAIN + "/allow/bob@example.org"), 500, "ServerError",
                    "The sender list store failed");
                assertThat(failing.delete(DOMAIN + "/allow/bob@example.org").body()).doesNotContain("connection refused");
            }
        }
    }
}
