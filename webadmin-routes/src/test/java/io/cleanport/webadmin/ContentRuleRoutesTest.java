package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

import io.cleanport.core.content.CachingContentRuleStore;
import io.cleanport.core.content.ContentRule;
import io.cleanport.core.content.ContentRuleStore;
import io.cleanport.core.content.ContentRuleType;
import io.cleanport.core.content.JdbcContentRuleStore;
import io.cleanport.core.content.RecipientRules;
import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.testing.InMemoryContentRuleStore;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class ContentRuleRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 5;
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName CATCH_ALL = DomainName.of("catchall.example");
    private static final String DOMAIN = "/cleanport/domains/example.com/rules";
    private static final String ALICE = "/cleanport/domains/example.com/users/alice/rules";
    private static final String EXE = "{\"type\": \"attachment\", \"value\": \"exe\"}";
    private static final String ID = "[0-9A-HJKMNP-TV-Z]{10}";

    @TempDir
    static Path folder;
    static TestDatabase database;
    static PolicyStore policies;
    static ContentRuleStore rules;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        database = TestDatabases.derby(folder);
        policies = new CachingPolicyStore(new JdbcPolicyStore(database.database()));
        rules = new CachingContentRuleStore(new JdbcContentRuleStore(database.database(), LIMIT));
        server = WebAdminTestServer.start(new ContentRuleRoutes(rules, policies, new JsonTransformer()));
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
            rules.removeDomain(domain);
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

    static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return json(response);
    }

    static void assertJson(JsonNode actual, String expected) {
        try {
            assertThat(actual).isEqualTo(JSON.readTree(expected));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
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

    static void assertBadRequest(HttpResponse<String> response, String messageStart) {
        assertError(response, 400, "InvalidArgument", messageStart);
    }

    /** POSTs {@code body} and answers the id of the rule created. */
    static String created(String path, String body) {
        JsonNode rule = ok(server.post(path, body), 201);
        assertThat(rule.get("id").asText()).matches(ID);
        return rule.get("id").asText();
    }

    @Nested
    class DomainScope {
        @Test
        void aProtectedDomainStartsWithoutRules() {
            assertJson(ok(server.get(DOMAIN), 200), "[]");
        }

        @Test
        void postAnswers201WithTheRuleAsStoredAndItsAddress() {
            HttpResponse<String> response = server.post(DOMAIN,
                "{\"type\": \"attachment\", \"value\": \"EXE\", \"action\": \"delete\", \"description\": \"Windows programs\"}");

            JsonNode rule = ok(response, 201);
            String id = rule.get("id").asText();
            assertThat(id).matches(ID);
            assertJson(rule, "{\"id\": \"" + id + "\", \"type\": \"attachment\", \"value\": \".exe\", \"action\": \"delete\","
                + " \"description\": \"Windows programs\"}");
            assertThat(response.headers().firstValue("Location")).contains(DOMAIN + "/" + id);
            assertJson(ok(server.get(DOMAIN + "/" + id), 200), response.body());
            assertJson(ok(server.get(DOMAIN), 200), "[" + response.body() + "]");
        }

        @Test
        void absentPartsAreWrittenAsNull() {
            String id = created(DOMAIN, "{\"type\": \"size\", \"value\": 10485760}");

            assertJson(ok(server.get(DOMAIN + "/" + id), 200),
                "{\"id\": \"" + id + "\", \"type\": \"size\", \"value\": \"10485760\", \"action\": null, \"description\": null}");
        }

        @Test
        void everyTypeIsAccepted() {
            List<String> bodies = List.of(
                "{\"type\": \"sender\", \"value\": \"Bob@Example.ORG\"}",
                "{\"type\": \"senderDomain\", \"value\": \"@spam.example\"}",
                "{\"type\": \"attachment\", \"value\": \"image/*\"}",
                "{\"type\": \"content\", \"value\": \"/free\\\\s+money/\", \"action\": \"tag\"}",
                "{\"type\": \"header\", \"value\": \"X-Mailer: ^PHPMailer\"}");
            bodies.forEach(body -> created(DOMAIN, body));

            JsonNode listed = ok(server.get(DOMAIN), 200);

            assertThat(listed).extracting(rule -> rule.get("type").asText() + " " + rule.get("value").asText())
                .containsExactly("sender bob@example.org", "senderDomain spam.example", "attachment image/*",
                    "content /free\\s+money/", "header X-Mailer: ^PHPMailer");
        }

        @Test
        void rulesAreListedInCreationOrder() {
            List<String> ids = new ArrayList<>();
            for (String phrase : List.of("zebra", "apple", "mango")) {
                ids.add(created(DOMAIN, "{\"type\": \"content\", \"value\": \"" + phrase + "\"}"));
            }

            assertThat(ok(server.get(DOMAIN), 200)).extracting(rule -> rule.get("id").asText()).containsExactlyElementsOf(ids);
        }

        @Test
        void idsAreCaseInsensitive() {
            String id = created(DOMAIN, EXE);

            assertThat(ok(server.get(DOMAIN + "/" + id.toLowerCase(Locale.ROOT)), 200).get("id").asText()).isEqualTo(id);
            assertThat(server.delete(DOMAIN + "/" + id.toLowerCase(Locale.ROOT)).statusCode()).isEqualTo(204);
        }

        @Test
        void deleteRemovesTheRuleAndThenAnswers404() {
            String exe = created(DOMAIN, EXE);
            String big = created(DOMAIN, "{\"type\": \"size\", \"value\": 1000}");

            assertThat(server.delete(DOMAIN + "/" + exe).statusCode()).isEqualTo(204);

            assertThat(ok(server.get(DOMAIN), 200)).extracting(rule -> rule.get("id").asText()).containsExactly(big);
            assertError(server.delete(DOMAIN + "/" + exe), 404, "notFound",
                "Content rule " + exe + " does not exist in the rules of example.com");
            assertError(server.get(DOMAIN + "/" + exe), 404, "notFound", "Content rule " + exe + " does not exist");
        }

        @Test
        void anUnknownIdIs404() {
            assertError(server.get(DOMAIN + "/0123456789"), 404, "notFound",
                "Content rule 0123456789 does not exist in the rules of example.com");
            assertError(server.delete(DOMAIN + "/0123456789"), 404, "notFound", "Content rule 0123456789 does not exist");
        }

        @Test
        void whatTheRoutesWriteIsWhatTheMailPipelineReads() {
            created(DOMAIN, EXE);
            created(ALICE, "{\"type\": \"content\", \"value\": \"viagra\", \"action\": \"delete\"}");

            RecipientRules alice = rules.rulesFor(EXAMPLE, "alice");

            assertThat(alice.domain()).extracting(ContentRule::value).containsExactly(".exe");
            assertThat(alice.user()).singleElement().satisfies(rule -> {
                assertThat(rule.action()).contains(FilterAction.DELETE);
                assertThat(rule.pattern().orElseThrow().matcher("Cheap VIAGRA here").find()).isTrue();
            });
            assertThat(rules.rulesFor(EXAMPLE, "carol").user()).isEmpty();
        }

        @Test
        void aFullScopeAnswers409() {
            for (int i = 0; i < LIMIT; i++) {
                created(DOMAIN, "{\"type\": \"content\", \"value\": \"phrase " + i + "\"}");
            }

            assertError(server.post(DOMAIN, EXE), 409, "WrongState", "example.com already has " + LIMIT + " content rules,"
                + " the most allowed; remove some first");
            assertThat(ok(server.get(DOMAIN), 200)).hasSize(LIMIT);
            created(ALICE, EXE);
        }

        @Test
        void regularExpressionContentRulesHaveALimitOfTheirOwn() {
            InMemoryPolicyStore domains = new InMemoryPolicyStore();
            domains.putDomain(EXAMPLE, DomainPolicy.defaults());
            try (WebAdminTestServer roomy = WebAdminTestServer.start(
                new ContentRuleRoutes(new InMemoryContentRuleStore(), domains, new JsonTransformer()))) {
                for (int i = 0; i < ContentRuleRoutes.MAX_CONTENT_REGEX_RULES; i++) {
                    ok(roomy.post(DOMAIN, "{\"type\": \"content\", \"value\": \"/offer\\\\s+" + i + "/\"}"), 201);
                }

                assertError(roomy.post(DOMAIN, "{\"type\": \"content\", \"value\": \"/one\\\\s+more/\"}"), 409, "WrongState",
                    "example.com already has " + ContentRuleRoutes.MAX_CONTENT_REGEX_RULES + " regular-expression content rules");
                ok(roomy.post(DOMAIN, "{\"type\": \"content\", \"value\": \"one more phrase\"}"), 201);
                ok(roomy.post(DOMAIN, "{\"type\": \"header\", \"value\": \"X-Mailer: ^Bulk\"}"), 201);
            }
        }
    }

    @Nested
    class UserScope {
        @Test
        void aKnownRecipientHasRulesOfItsOwn() {
            String domainRule = created(DOMAIN, EXE);

            String aliceRule = created(ALICE, "{\"type\": \"sender\", \"value\": \"bob@example.org\"}");

            assertThat(ok(server.get(ALICE), 200)).extracting(rule -> rule.get("id").asText()).containsExactly(aliceRule);
            assertThat(ok(server.get(DOMAIN), 200)).extracting(rule -> rule.get("id").asText()).containsExactly(domainRule);
            assertThat(ok(server.get(ALICE + "/" + aliceRule), 200).get("value").asText()).isEqualTo("bob@example.org");
            assertThat(server.post(ALICE, EXE).headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).matches(ALICE + "/" + ID));
        }

        @Test
        void localPartsAreCaseInsensitive() {
            String id = created("/cleanport/domains/example.com/users/ALICE/rules", EXE);

            assertThat(ok(server.get(ALICE), 200)).extracting(rule -> rule.get("id").asText()).containsExactly(id);
            assertThat(server.delete("/cleanport/domains/example.com/users/Alice/rules/" + id).statusCode()).isEqualTo(204);
        }

        @Test
        void aRuleOfOneScopeIsNotFoundInAnother() {
            String domainRule = created(DOMAIN, EXE);

            assertError(server.get(ALICE + "/" + domainRule), 404, "notFound",
                "Content rule " + domainRule + " does not exist in the rules of alice@example.com");
            assertError(server.delete(ALICE + "/" + domainRule), 404, "notFound", "Content rule " + domainRule);
            assertThat(ok(server.get(DOMAIN + "/" + domainRule), 200).get("id").asText()).isEqualTo(domainRule);
        }

        @Test
        void anUnknownRecipientOfADomainThatIsNotCatchAllIs404() {
            String carol = "/cleanport/domains/example.com/users/carol/rules";

            assertError(server.post(carol, EXE), 404, "notFound", "Recipient carol@example.com does not exist: domain example.com"
                + " is not catch-all and has no policy for it; PUT /cleanport/domains/example.com/users/carol first");
            assertError(server.get(carol), 404, "notFound", "Recipient carol@example.com does not exist");
            assertError(server.get(carol + "/0123456789"), 404, "notFound", "Recipient carol@example.com does not exist");
            assertThat(rules.list(SenderListScope.user(EXAMPLE, "carol"))).isEmpty();
        }

        @Test
        void anyRecipientOfACatchAllDomainMayHaveRules() {
            String anyone = "/cleanport/domains/catchall.example/users/anyone/rules";

            String id = created(anyone, EXE);

            assertThat(ok(server.get(anyone), 200)).extracting(rule -> rule.get("id").asText()).containsExactly(id);
        }
    }

    @Nested
    class UnknownDomain {
        private static final String UNKNOWN = "/cleanport/domains/unknown.example/rules";

        @Test
        void postAndGetAre404() {
            assertError(server.post(UNKNOWN, EXE), 404, "notFound", "Domain unknown.example is not protected: it has no policy");
            assertError(server.get(UNKNOWN), 404, "notFound", "Domain unknown.example is not protected");
            assertError(server.get(UNKNOWN + "/0123456789"), 404, "notFound", "Domain unknown.example is not protected");
            assertError(server.get("/cleanport/domains/unknown.example/users/alice/rules"), 404, "notFound",
                "Domain unknown.example is not protected");
            assertThat(rules.list(SenderListScope.domain(DomainName.of("unknown.example")))).isEmpty();
        }

        @Test
        void deleteStillRemovesWhatADomainLeftBehind() {
            SenderListScope gone = SenderListScope.user(DomainName.of("gone.example"), "bob");
            String id = rules.add(gone, ContentRule.of(ContentRuleType.SIZE, "1000")).id().orElseThrow();

            assertThat(server.delete("/cleanport/domains/gone.example/users/bob/rules/" + id).statusCode()).isEqualTo(204);

            assertThat(rules.list(gone)).isEmpty();
        }
    }

    @Nested
    class BadRequests {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            // unknown type
            "{\"type\": \"regex\", \"value\": \"x\"}|type: 'regex' is not a content rule type; expected one of sender, senderDomain, attachment, content, header, size",
            "{\"value\": \"x\"}|type: is required; expected one of sender, senderDomain, attachment, content, header, size",
            // bad regular expressions
            "{\"type\": \"content\", \"value\": \"/(unclosed/\"}|value: invalid regular expression: error parsing regexp: missing closing ): `(unclosed`",
            "{\"type\": \"content\", \"value\": \"/a(?!b)/\"}|value: invalid regular expression: error parsing regexp: invalid or unsupported Perl syntax",
            "{\"type\": \"content\", \"value\": \"/.*/\"}|value: the regular expression /.*/ matches empty text, so it would hit every message",
            // bad sizes
            "{\"type\": \"size\", \"value\": \"10MB\"}|value: '10MB' is not a number of bytes; a size rule takes a whole number of bytes from 1 to 52428800, written as digits only",
            "{\"type\": \"size\", \"value\": 0}|value: must be from 1 to 52428800 bytes (got 0)",
            "{\"type\": \"size\", \"value\": 52428801}|value: must be from 1 to 52428800 bytes (got 52428801)",
            "{\"type\": \"size\", \"value\": 2.5}|value: expected an integer or a string of digits",
            // bad extensions and attachment types
            "{\"type\": \"attachment\", \"value\": \"tar.gz\"}|value: 'tar.gz' is not a file extension (1 to 10 letters a-z or digits, with or without a leading dot: exe, .exe), nor a type family",
            "{\"type\": \"attachment\", \"value\": \".toolongextension\"}|value: '.toolongextension' is not a file extension",
            "{\"type\": \"attachment\", \"value\": \"*/*\"}|value: '*/*' would match every attachment",
            // bad header rules
            "{\"type\": \"header\", \"value\": \"Subject\"}|value: 'Subject' has no colon; a header rule takes a header name, a colon and a regular expression",
            "{\"type\": \"header\", \"value\": \"Sub ject: x\"}|value: the header name 'Sub ject' contains U+0020",
            "{\"type\": \"header\", \"value\": \"Subject: [\"}|value: invalid regular expression: error parsing regexp: missing closing ]: `[`",
            "{\"type\": \"header\", \"value\": \"Subject:\"}|value: the regular expression after 'Subject:' is empty",
            // bad senders
            "{\"type\": \"sender\", \"value\": \"@example.org\"}|value: '@example.org' is not an address",
            "{\"type\": \"senderDomain\", \"value\": \"exa_mple.org\"}|value: 'exa_mple.org' is not a valid domain name",
            // unknown fields, wrong JSON types, missing parts
            "{\"type\": \"size\", \"value\": 1, \"id\": \"0123456789\"}|id: unknown field; accepted fields are type, value, action, description",
            "{\"type\": \"size\", \"value\": 1, \"score\": 3, \"enabled\": true}|score: unknown field (so are enabled); accepted fields are type, value, action, description",
            "{\"type\": 1, \"value\": \"x\"}|type: expected one of the strings sender, senderDomain, attachment, content, header, size, got the number 1",
            "{\"type\": \"content\", \"value\": [\"a\", \"b\"]}|value: expected a string (a content rule takes words or a phrase",
            "{\"type\": \"content\"}|value: is required; a content rule takes words or a phrase",
            "{\"type\": \"size\", \"value\": 1, \"action\": \"reject\"}|action: 'reject' is not an action for a content rule; expected quarantine, delete or tag",
            "{\"type\": \"size\", \"value\": 1, \"description\": 7}|description: expected a string, got the number 7",
            // broken JSON
            "{\"type\": \"size\", \"value\": 1|$: malformed JSON: Unexpected end-of-input",
            "{\"type\": \"size\", \"value\": 1}}|$: malformed JSON: Unexpected close marker '}'",
            "not json|$: malformed JSON: Unrecognized token 'not'",
            "[]|$: expected a JSON object such as {\"type\": \"attachment\", \"value\": \".exe\"}, got an array",
        })
        void aBadRuleIsRefusedNamingTheProblem(String body, String message) {
            assertBadRequest(server.post(DOMAIN, body), message);
            assertBadRequest(server.post(ALICE, body), message);
        }

        @Test
        void aDescriptionOfMoreThan200CharactersIsRefused() {
            assertBadRequest(server.post(DOMAIN, "{\"type\": \"size\", \"value\": 1, \"description\": \"" + "d".repeat(201) + "\"}"),
                "description: is 201 characters long; at most 200 are accepted");
        }

        @Test
        void anEmptyBodyIsRefused() {
            assertBadRequest(server.post(DOMAIN, ""), "$: the document is empty; send a rule such as");
        }

        @Test
        void aFormEncodedBodyIs415() {
            assertError(server.postForm(DOMAIN, "type=size&value=1"), 415, "InvalidArgument",
                "Content-Type: expected application/json (got 'application/x-www-form-urlencoded')");
        }

        @ParameterizedTest
        @ValueSource(strings = {"nope", "012345678", "01234567890", "0123456U89"})
        void anIdOfTheWrongShapeIs400(String id) {
            assertBadRequest(server.get(DOMAIN + "/" + id), "id: '" + id + "' is not a content rule id");
            assertBadRequest(server.delete(DOMAIN + "/" + id), "id: '" + id + "' is not a content rule id");
        }

        @Test
        void aBadDomainOrLocalPartIsNamed() {
            assertBadRequest(server.get("/cleanport/domains/exa_mple.com/rules"), "domain: ");
            assertBadRequest(server.post("/cleanport/domains/example.com/users/a..b/rules", EXE), "localPart: ");
            assertBadRequest(server.delete("/cleanport/domains/example.com/users/a..b/rules/0123456789"), "localPart: ");
        }

        @Test
        void nothingIsStoredByABadRequest() {
            server.post(DOMAIN, "{\"type\": \"regex\", \"value\": \"x\"}");
            server.post(DOMAIN, "{\"type\": \"size\", \"value\": \"10MB\"}");
            server.postForm(DOMAIN, "type=size&value=1");

            assertThat(rules.list(SenderListScope.domain(EXAMPLE))).isEmpty();
        }
    }

    @Nested
    class BesideTheOtherDomainRoutes {
        @Test
        void allSetsOfRoutesAnswerOnOneServer() {
            try (WebAdminTestServer all = WebAdminTestServer.start(new DomainPolicyRoutes(policies, new JsonTransformer()),
                new SenderListRoutes(new InMemorySenderListStore(), policies, new JsonTransformer()),
                new ContentRuleRoutes(rules, policies, new JsonTransformer()))) {
                assertThat(all.put("/cleanport/domains/example.com/users/bob", "{}").statusCode()).isEqualTo(204);
                assertThat(all.putWithoutBody("/cleanport/domains/example.com/users/bob/senders/block/@spam.example")
                    .statusCode()).isEqualTo(204);

                String id = created(all, "/cleanport/domains/example.com/users/bob/rules", EXE);

                assertThat(all.get("/cleanport/domains/example.com/users/bob").statusCode()).isEqualTo(200);
                assertThat(all.get("/cleanport/domains/example.com/users/bob/senders").statusCode()).isEqualTo(200);
                assertThat(ok(all.get("/cleanport/domains/example.com/users/bob/rules/" + id), 200).get("value").asText())
                    .isEqualTo(".exe");
                assertThat(all.get("/cleanport/domains/example.com").statusCode()).isEqualTo(200);
            }
        }

        private String created(WebAdminTestServer client, String path, String body) {
            return ok(client.post(path, body), 201).get("id").asText();
        }
    }

    @Nested
    class StoreFailure {
        @Test
        void answersAJson500WithoutInternals() {
            ContentRuleStore broken = new ContentRuleStore() {
                @Override
                public ContentRule add(SenderListScope scope, ContentRule rule) {
                    throw new StoreException("connection refused");
                }

                @Override
                public List<ContentRule> list(SenderListScope scope) {
                    throw new StoreException("connection refused");
                }

                @Override
                public Optional<ContentRule> get(SenderListScope scope, String id) {
                    throw new StoreException("connection refused");
                }

                @Override
                public boolean remove(SenderListScope scope, String id) {
                    throw new StoreException("connection refused");
                }

                @Override
                public int removeDomain(DomainName domain) {
                    throw new StoreException("connection refused");
                }
            };
            try (WebAdminTestServer failing = WebAdminTestServer.start(new ContentRuleRoutes(broken, policies, new JsonTransformer()))) {
                assertError(failing.get(DOMAIN), 500, "ServerError", "The content rule store failed");
                assertError(failing.get(DOMAIN + "/0123456789"), 500, "ServerError", "The content rule store failed");
                assertError(failing.post(DOMAIN, EXE), 500, "ServerError", "The content rule store failed");
                assertError(failing.delete(DOMAIN + "/0123456789"), 500, "ServerError", "The content rule store failed");
                assertThat(failing.delete(DOMAIN + "/0123456789").body()).doesNotContain("connection refused");
            }
        }
    }
}
