package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

import io.cleanport.core.content.ContentRule;
import io.cleanport.core.content.ContentRuleType;
import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.testing.InMemoryContentRuleStore;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DomainPolicyRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAINS = "/cleanport/domains";
    private static final String EXAMPLE = DOMAINS + "/example.com";
    private static final String DEFAULTS = "{\"downstream\":[],\"catchAll\":false,\"spamLevel\":3,"
        + "\"actions\":{\"virus\":\"quarantine\",\"spam\":\"quarantine\",\"content\":\"quarantine\"},"
        + "\"maxMessageSize\":26214400,\"quarantineDays\":{\"virus\":14,\"spam\":30,\"content\":30},"
        + "\"notifications\":{\"virusToRecipient\":true},\"relayNetworks\":[]}";

    @TempDir
    static Path folder;
    static TestDatabase database;
    static PolicyStore store;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        database = TestDatabases.derby(folder);
        store = new CachingPolicyStore(new JdbcPolicyStore(database.database()));
        server = WebAdminTestServer.start(new DomainPolicyRoutes(store, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    @BeforeEach
    void emptyStore() {
        store.domains().forEach(store::deleteDomain);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static void assertJson(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    /** A James error document: status, type, and a message that starts with the field. */
    static void assertError(HttpResponse<String> response, int status, String type, String messageStart) {
        assertJson(response, status);
        JsonNode error = json(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).startsWith(messageStart);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "<html");
    }

    static void assertBadRequest(HttpResponse<String> response, String field) {
        assertError(response, 400, "InvalidArgument", field + ": ");
    }

    @Nested
    class Domains {
        @Test
        void noDomainsAtFirst() {
            HttpResponse<String> response = server.get(DOMAINS);

            assertJson(response, 200);
            assertThat(response.body()).isEqualTo("[]");
        }

        @Test
        void emptyObjectCreatesADomainWithEveryDefault() {
            assertThat(server.put(EXAMPLE, "{}").statusCode()).isEqualTo(204);

            HttpResponse<String> response = server.get(EXAMPLE);
            assertJson(response, 200);
            assertThat(response.body()).isEqualTo(DEFAULTS);
        }

        @Test
        void absentBodyMeansEmptyObject() {
            assertThat(server.putWithoutBody(EXAMPLE).statusCode()).isEqualTo(204);

            assertThat(server.get(EXAMPLE).body()).isEqualTo(DEFAULTS);
        }

        @Test
        void fullPolicyRoundTripsNormalised() throws Exception {
            String sent = "{\"downstream\":[{\"host\":\"MX1.Example.com\"},{\"host\":\"192.0.2.10\",\"port\":2525}],"
                + "\"catchAll\":true,\"spamLevel\":4,\"actions\":{\"virus\":\"delete\",\"spam\":\"tag\"},"
                + "\"maxMessageSize\":10485760,\"quarantineDays\":{\"spam\":60},"
                + "\"notifications\":{\"virusToRecipient\":false,\"ictAddress\":\"ict@example.com\"},"
                + "\"relayNetworks\":[\"192.0.2.0/24\",\"2001:db8::7/48\"]}";

            assertThat(server.put(EXAMPLE, sent).statusCode()).isEqualTo(204);

            assertThat(json(server.get(EXAMPLE))).isEqualTo(JSON.readTree(
                "{\"downstream\":[{\"host\":\"mx1.example.com\",\"port\":25},{\"host\":\"192.0.2.10\",\"port\":2525}],"
                    + "\"catchAll\":true,\"spamLevel\":4,"
                    + "\"actions\":{\"virus\":\"delete\",\"spam\":\"tag\",\"content\":\"quarantine\"},"
                    + "\"maxMessageSize\":10485760,\"quarantineDays\":{\"virus\":14,\"spam\":60,\"content\":30},"
                    + "\"notifications\":{\"virusToRecipient\":false,\"ictAddress\":\"ict@example.com\"},"
                    + "\"relayNetworks\":[\"192.0.2.0/24\",\"2001:db8::/48\"]}"));
            assertThat(store.relayNetworks()).containsExactly(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/48"));
        }

        @Test
        void aFormEncodedBodyIsRefusedRatherThanReadAsEmpty() {
            HttpResponse<String> response = server.putForm("/cleanport/domains/example.com", "{\"catchAll\":true}");

            assertError(response, 415, "InvalidArgument", "Content-Type: expected application/json");
            assertThat(server.get("/cleanport/domains/example.com").statusCode()).isEqualTo(404);
        }

        @Test
        void putReplacesTheWholePolicy() {
            server.put(EXAMPLE, "{\"spamLevel\":5,\"catchAll\":true}");
            server.put(EXAMPLE, "{\"spamLevel\":1}");

            JsonNode policy = json(server.get(EXAMPLE));
            assertThat(policy.get("spamLevel").asInt()).isEqualTo(1);
            assertThat(policy.get("catchAll").asBoolean()).isFalse();
        }

        @Test
        void listIsSortedAndLowerCased() {
            server.put(DOMAINS + "/Zulu.example", "{}");
            server.put(DOMAINS + "/alpha.EXAMPLE", "{}");
            server.put(DOMAINS + "/mike.example", "{}");

            HttpResponse<String> response = server.get(DOMAINS);

            assertJson(response, 200);
            assertThat(response.body()).isEqualTo("[\"alpha.example\",\"mike.example\",\"zulu.example\"]");
            assertThat(server.get(DOMAINS + "/ALPHA.example").statusCode()).isEqualTo(200);
        }

        @Test
        void unknownDomainIsNotFound() {
            assertError(server.get(EXAMPLE), 404, "notFound", "Domain example.com is not protected");
        }

        @Test
        void deleteIsIdempotentAndRemovesUsers() {
            server.put(EXAMPLE, "{}");
            server.put(EXAMPLE + "/users/alice", "{}");

            assertThat(server.delete(EXAMPLE).statusCode()).isEqualTo(204);
            assertThat(server.delete(EXAMPLE).statusCode()).isEqualTo(204);

            assertThat(server.get(EXAMPLE).statusCode()).isEqualTo(404);
            server.put(EXAMPLE, "{}");
            assertThat(server.get(EXAMPLE + "/users").body()).isEqualTo("{}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "bad_domain.example", "-a.example", "192.0.2.1", "a..example", "a%20b.example"})
        void invalidDomainNameIsABadRequest(String domain) {
            assertBadRequest(server.put(DOMAINS + "/" + domain, "{}"), "domain");
            assertBadRequest(server.get(DOMAINS + "/" + domain), "domain");
            assertBadRequest(server.delete(DOMAINS + "/" + domain), "domain");
            assertBadRequest(server.get(DOMAINS + "/" + domain + "/users"), "domain");
            assertBadRequest(server.put(DOMAINS + "/" + domain + "/users/alice", "{}"), "domain");
            assertThat(server.get(DOMAINS).body()).isEqualTo("[]");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "{                                              | $",
            "not json                                       | $",
            "[1,2]                                          | $",
            "{\"spamLevel\":3}trailing                      | $",
            "{\"colour\":\"blue\"}                          | colour",
            "{\"actions\":{\"worm\":\"delete\"}}            | actions.worm",
            "{\"downstream\":[{\"host\":\"a.example\",\"prio\":1}]} | downstream[0].prio",
            "{\"spamLevel\":0}                              | spamLevel",
            "{\"spamLevel\":6}                              | spamLevel",
            "{\"spamLevel\":\"3\"}                          | spamLevel",
            "{\"spamLevel\":null}                           | spamLevel",
            "{\"catchAll\":1}                               | catchAll",
            "{\"maxMessageSize\":0}                         | maxMessageSize",
            "{\"maxMessageSize\":26214401}                  | maxMessageSize",
            "{\"quarantineDays\":{\"virus\":0}}             | quarantineDays.virus",
            "{\"quarantineDays\":{\"content\":3651}}        | quarantineDays.content",
            "{\"actions\":{\"virus\":\"tag\"}}              | actions.virus",
            "{\"actions\":{\"spam\":\"reject\"}}            | actions.spam",
            "{\"actions\":{\"content\":true}}               | actions.content",
            "{\"downstream\":[{\"host\":\"bad host\"}]}     | downstream[0].host",
            "{\"downstream\":[{\"port\":25}]}               | downstream[0].host",
            "{\"downstream\":[{\"host\":\"a.example\"},{\"host\":\"b.example\",\"port\":70000}]} | downstream[1].port",
            "{\"downstream\":[{\"host\":\"a.example\",\"port\":0}]} | downstream[0].port",
            "{\"relayNetworks\":[\"192.0.2.0/24\",\"192.0.2.0/99\"]} | relayNetworks[1]",
            "{\"relayNetworks\":[\"192.0.2.0\\/abc\"]}      | relayNetworks[0]",
            "{\"relayNetworks\":[\"not-a-network\"]}        | relayNetworks[0]",
            "{\"relayNetworks\":[\"0.0.0.0/0\"]}            | relayNetworks[0]",
            "{\"notifications\":{\"ictAddress\":\"nobody\"}} | notifications.ictAddress",
            "{\"notifications\":{\"virusToRecipient\":\"yes\"}} | notifications.virusToRecipient",
        })
        void invalidPolicyIsABadRequestNamingTheField(String body, String field) {
            HttpResponse<String> response = server.put(EXAMPLE, body);

            assertBadRequest(response, field);
            assertThat(server.get(EXAMPLE).statusCode()).isEqualTo(404);
        }

        @Test
        void invalidReplacementKeepsThePreviousPolicy() {
            server.put(EXAMPLE, "{\"spamLevel\":5}");

            assertBadRequest(server.put(EXAMPLE, "{\"spamLevel\":9}"), "spamLevel");

            assertThat(json(server.get(EXAMPLE)).get("spamLevel").asInt()).isEqualTo(5);
        }

        @Test
        void unknownRoutesAnswerJson() {
            assertError(server.get(DOMAINS + "/example.com/nothing"), 404, "notFound", "GET");
        }
    }

    @Nested
    class Users {
        @BeforeEach
        void protectExample() {
            server.put(EXAMPLE, "{\"spamLevel\":3,\"actions\":{\"spam\":\"tag\"}}");
        }

        @Test
        void emptyOrAbsentBodyAddsARecipient() {
            assertThat(server.put(EXAMPLE + "/users/alice", "{}").statusCode()).isEqualTo(204);
            assertThat(server.putWithoutBody(EXAMPLE + "/users/bob").statusCode()).isEqualTo(204);

            HttpResponse<String> alice = server.get(EXAMPLE + "/users/alice");
            assertJson(alice, 200);
            assertThat(alice.body()).isEqualTo("{}");
            assertThat(store.user(DomainName.of("example.com"), "bob")).contains(UserPolicy.empty());
        }

        @Test
        void overridesRoundTripAndListSorted() {
            server.put(EXAMPLE + "/users/zoe", "{}");
            server.put(EXAMPLE + "/users/Alice", "{\"spamLevel\":5,\"actions\":{\"virus\":\"delete\"},"
                + "\"maxMessageSize\":1048576,\"notifications\":{\"virusToRecipient\":false}}");

            assertThat(server.get(EXAMPLE + "/users/ALICE").body()).isEqualTo("{\"spamLevel\":5,"
                + "\"actions\":{\"virus\":\"delete\"},\"maxMessageSize\":1048576,\"notifications\":{\"virusToRecipient\":false}}");
            HttpResponse<String> list = server.get(EXAMPLE + "/users");
            assertJson(list, 200);
            assertThat(list.body()).isEqualTo("{\"alice\":{\"spamLevel\":5,\"actions\":{\"virus\":\"delete\"},"
                + "\"maxMessageSize\":1048576,\"notifications\":{\"virusToRecipient\":false}},\"zoe\":{}}");
        }

        @Test
        void effectivePolicyMergesTheDomain() {
            server.put(EXAMPLE + "/users/alice", "{\"spamLevel\":5,\"actions\":{\"content\":\"delete\"}}");

            HttpResponse<String> response = server.get(EXAMPLE + "/users/alice?effective=true");

            assertJson(response, 200);
            JsonNode effective = json(response);
            assertThat(effective.get("spamLevel").asInt()).isEqualTo(5);
            assertThat(effective.get("actions").toString())
                .isEqualTo("{\"virus\":\"quarantine\",\"spam\":\"tag\",\"content\":\"delete\"}");
            assertThat(effective.get("maxMessageSize").asLong()).isEqualTo(26214400L);
            assertThat(server.get(EXAMPLE + "/users/alice?effective=false").body())
                .isEqualTo("{\"spamLevel\":5,\"actions\":{\"content\":\"delete\"}}");
            assertBadRequest(server.get(EXAMPLE + "/users/alice?effective=maybe"), "effective");
        }

        @Test
        void putReplacesTheUserDocument() {
            server.put(EXAMPLE + "/users/alice", "{\"spamLevel\":5}");
            server.put(EXAMPLE + "/users/alice", "{\"maxMessageSize\":1000}");

            assertThat(server.get(EXAMPLE + "/users/alice").body()).isEqualTo("{\"maxMessageSize\":1000}");
        }

        @Test
        void localPartsKeepTheirSpecialCharacters() {
            assertThat(server.put(EXAMPLE + "/users/john+tag", "{}").statusCode()).isEqualTo(204);
            assertThat(server.put(EXAMPLE + "/users/o'brien", "{}").statusCode()).isEqualTo(204);
            assertThat(server.put(EXAMPLE + "/users/first.last%2Bx", "{}").statusCode()).isEqualTo(204);

            assertThat(json(server.get(EXAMPLE + "/users")).fieldNames()).toIterable()
                .containsExactly("first.last+x", "john+tag", "o'brien");
            assertThat(server.get(EXAMPLE + "/users/john%2Btag").statusCode()).isEqualTo(200);
        }

        @Test
        void unknownDomainIsNotFound() {
            String other = DOMAINS + "/other.example";

            assertError(server.put(other + "/users/alice", "{}"), 404, "notFound", "Domain other.example is not protected");
            assertError(server.get(other + "/users"), 404, "notFound", "Domain other.example");
            assertError(server.get(other + "/users/alice"), 404, "notFound", "Domain other.example");
        }

        @Test
        void unknownUserIsNotFound() {
            assertError(server.get(EXAMPLE + "/users/nobody"), 404, "notFound", "No policy for recipient nobody@example.com");
        }

        @Test
        void deleteIsIdempotent() {
            server.put(EXAMPLE + "/users/alice", "{}");

            assertThat(server.delete(EXAMPLE + "/users/alice").statusCode()).isEqualTo(204);
            assertThat(server.delete(EXAMPLE + "/users/alice").statusCode()).isEqualTo(204);

            assertThat(server.get(EXAMPLE + "/users/alice").statusCode()).isEqualTo(404);
            assertThat(server.get(EXAMPLE + "/users").body()).isEqualTo("{}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a%20b", "a@b", ".alice", "a..b", "%22quoted%22",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
        void invalidLocalPartIsABadRequest(String local) {
            assertBadRequest(server.put(EXAMPLE + "/users/" + local, "{}"), "localPart");
            assertBadRequest(server.get(EXAMPLE + "/users/" + local), "localPart");
            assertBadRequest(server.delete(EXAMPLE + "/users/" + local), "localPart");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "{oops                                          | $",
            "{\"catchAll\":true}                            | catchAll",
            "{\"downstream\":[]}                            | downstream",
            "{\"relayNetworks\":[\"192.0.2.0/24\"]}         | relayNetworks",
            "{\"quarantineDays\":{\"spam\":1}}              | quarantineDays",
            "{\"notifications\":{\"ictAddress\":\"a@example.com\"}} | notifications.ictAddress",
            "{\"spamLevel\":10}                             | spamLevel",
            "{\"maxMessageSize\":-1}                        | maxMessageSize",
            "{\"actions\":{\"virus\":\"tag\"}}              | actions.virus",
            "{\"actions\":{\"spam\":null}}                  | actions.spam",
            "{\"nickname\":\"al\"}                          | nickname",
        })
        void invalidUserDocumentIsABadRequestNamingTheField(String body, String field) {
            assertBadRequest(server.put(EXAMPLE + "/users/alice", body), field);
            assertThat(server.get(EXAMPLE + "/users/alice").statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class DeletingADomain {
        @Test
        void removesItsSenderListsAndContentRulesSoThatAProtectedAgainDomainStartsEmpty() {
            InMemorySenderListStore senders = new InMemorySenderListStore();
            InMemoryContentRuleStore rules = new InMemoryContentRuleStore();
            InMemoryPolicyStore policies = new InMemoryPolicyStore();
            DomainName gone = DomainName.of("gone.example");
            try (WebAdminTestServer routes = WebAdminTestServer.start(
                new DomainPolicyRoutes(policies, senders, rules, new JsonTransformer()))) {
                assertThat(routes.put("/cleanport/domains/gone.example", "{}").statusCode()).isEqualTo(204);
                senders.add(SenderListScope.domain(gone), ListKind.BLOCK, SenderPattern.parse("@spam.example"));
                senders.add(SenderListScope.user(gone, "alice"), ListKind.ALLOW, SenderPattern.parse("boss@partner.example"));
                rules.add(SenderListScope.domain(gone), ContentRule.of(ContentRuleType.ATTACHMENT, "exe"));
                rules.add(SenderListScope.domain(DomainName.of("kept.example")), ContentRule.of(ContentRuleType.ATTACHMENT, "exe"));

                assertThat(routes.delete("/cleanport/domains/gone.example").statusCode()).isEqualTo(204);

                assertThat(senders.list(SenderListScope.domain(gone)).isEmpty()).isTrue();
                assertThat(senders.list(SenderListScope.user(gone, "alice")).isEmpty()).isTrue();
                assertThat(rules.list(SenderListScope.domain(gone))).isEmpty();
                assertThat(rules.list(SenderListScope.domain(DomainName.of("kept.example")))).hasSize(1);
            }
        }
    }

    @Nested
    class StoreFailure {
        @Test
        void answersAJson500WithoutInternals() {
            PolicyStore broken = new FailingPolicyStore();
            try (WebAdminTestServer failing = WebAdminTestServer.start(new DomainPolicyRoutes(broken, new JsonTransformer()))) {
                assertError(failing.get(EXAMPLE), 500, "ServerError", "The policy store failed");
                assertError(failing.get(DOMAINS), 500, "ServerError", "The policy store failed");
                assertThat(failing.get(EXAMPLE).body()).doesNotContain("connection refused");
            }
        }
    }

    /** A store whose database is down. */
    static final class FailingPolicyStore implements PolicyStore {
        private static StoreException failure() {
            return new StoreException("connection refused");
        }

        @Override
        public void putDomain(DomainName domain, DomainPolicy policy) {
            throw failure();
        }

        @Override
        public Optional<DomainPolicy> domain(DomainName domain) {
            throw failure();
        }

        @Override
        public List<DomainName> domains() {
            throw failure();
        }

        @Override
        public boolean deleteDomain(DomainName domain) {
            throw failure();
        }

        @Override
        public void putUser(DomainName domain, String localPart, UserPolicy policy) {
            throw failure();
        }

        @Override
        public Optional<UserPolicy> user(DomainName domain, String localPart) {
            throw failure();
        }

        @Override
        public Map<String, UserPolicy> users(DomainName domain) {
            throw failure();
        }

        @Override
        public boolean deleteUser(DomainName domain, String localPart) {
            throw failure();
        }

        @Override
        public List<Cidr> relayNetworks() {
            throw failure();
        }
    }
}
