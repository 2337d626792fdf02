package io.cleanport.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.json.DTOConverter;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantineIndex;
import io.cleanport.core.quarantine.QuarantineReason;
import io.cleanport.core.quarantine.SpamLevel;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryQuarantineStorage;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.RecordingReleaseDelivery;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class QuarantineRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String QUARANTINE = "/cleanport/quarantine";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Verdict VIRUS = Verdict.virus("EICAR-Test-File",
        List.of(RuleHit.of("EICAR_SIGNATURE", 10, "The EICAR test signature", "attachment eicar.com")));
    private static final Verdict CONTENT = Verdict.content(
        List.of(RuleHit.of("ATTACHMENT_EXE", 0, "An executable attachment", "attachment report.exe")));

    @TempDir
    static Path folder;
    static MutableClock clock;
    static InMemoryQuarantineStorage storage;
    static QuarantineIndex index;
    static RecordingReleaseDelivery delivery;
    static InMemorySenderListStore senders;
    static Quarantine quarantine;
    static MemoryTaskManager taskManager;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(T0);
        storage = new InMemoryQuarantineStorage();
        index = QuarantineIndex.open(folder.resolve("index"));
        delivery = new RecordingReleaseDelivery();
        senders = new InMemorySenderListStore();
        quarantine = new Quarantine(storage, index, delivery, senders, new InMemoryCounters(), clock);
        taskManager = new MemoryTaskManager(new Hostname("cleanport-test"));
        DTOConverter<TaskExecutionDetails.AdditionalInformation, AdditionalInformationDTO> noDetails = DTOConverter.of();
        server = WebAdminTestServer.start(new QuarantineRoutes(quarantine, taskManager, new JsonTransformer()),
            new TasksRoutes(taskManager, new JsonTransformer(), noDetails));
    }

    @AfterAll
    static void stop() {
        server.close();
        taskManager.stop();
        index.close();
    }

    @BeforeEach
    void emptyQuarantine() {
        storage.repair();
        storage.clear();
        index.rebuild(Stream.empty());
        delivery.clear();
        senders.removeDomain(EXAMPLE);
        clock.set(T0);
    }

    // ---- fixtures ----

    /** The bytes of a small message; 8-bit Latin-1 in the body, so any re-encoding shows. */
    static byte[] raw(String from, String subject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.writeBytes(("From: " + from + "\r\nTo:  someone@example.com\r\nSubject: "
                + MimeUtility.encodeText(subject, "UTF-8", "Q") + "\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nCaf").getBytes(StandardCharsets.US_ASCII));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        out.write(0xE9);
        out.writeBytes("  \r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static MimeMessage message(byte[] raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (Exception e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    static Verdict spam(double score) {
        return Verdict.spam(List.of(RuleHit.of("BAYES_99", score, "Bayesian spam probability is 99 to 100%", "")));
    }

    /** Quarantines a message now; {@code sender} null for the null sender. */
    static QuarantineEntry put(QuarantineCategory category, String recipient, String sender, String subject, long size,
                               Verdict verdict, int retentionDays) throws MessagingException {
        byte[] raw = raw(sender == null ? "mailer-daemon@example.net" : sender, subject);
        return quarantine.put(category, CleanPortId.generate(clock), address(recipient),
            Optional.ofNullable(sender).map(QuarantineRoutesTest::address), message(raw), size, verdict, retentionDays);
    }

    /** An entry without a score (as an older node wrote it), stored in the storage only: index it yourself. */
    static QuarantineEntry storeWithoutScore(String recipient, String sender, String subject, long size) throws MessagingException {
        CleanPortId messageId = CleanPortId.generate(clock);
        MailAddress to = address(recipient);
        QuarantineEntry entry = QuarantineEntry.builder()
            .messageId(messageId)
            .category(QuarantineCategory.CONTENT)
            .recipient(to)
            .sender(sender)
            .subject(subject)
            .size(size)
            .received(clock.instant())
            .expires(clock.instant().plus(Duration.ofDays(30)))
            .reasons(List.of(QuarantineReason.of("ATTACHMENT_EXE", "attachment date.exe")))
            .location(storage.locationOf(QuarantineCategory.CONTENT, QuarantineId.of(messageId, to)))
            .build();
        storage.store(entry, message(raw(sender, subject)));
        return entry;
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

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    static List<String> ids(QuarantineEntry... entries) {
        return Arrays.stream(entries).map(entry -> entry.id().asString()).toList();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- search ----

    @Nested
    class Search {
        QuarantineEntry virus;
        QuarantineEntry spam;
        QuarantineEntry bounce;
        QuarantineEntry content;

        @BeforeEach
        void fourEntriesOverTwoDays() throws Exception {
            virus = put(QuarantineCategory.VIRUS, "alice@example.com", "bob@example.org", "Invoice 2026", 2000, VIRUS, 14);
            clock.advance(Duration.ofHours(1));
            spam = put(QuarantineCategory.SPAM, "Alice@example.com", "eve@spam.example", "Cheap watches", 3000, spam(7.5), 30);
            clock.advance(Duration.ofHours(23));
            bounce = put(QuarantineCategory.SPAM, "carol@other.example", null, "Undelivered Mail", 1000, spam(5), 30);
            clock.advance(Duration.ofDays(1));
            content = put(QuarantineCategory.CONTENT, "dave@example.com", "Bob@Example.ORG", "Rechnung f\u00fcr Sie", 4000, CONTENT, 30);
        }

        private List<String> search(String query) {
            JsonNode page = ok(server.get(QUARANTINE + query));
            assertThat(page.get("total").asLong()).isEqualTo(page.get("items").size());
            return ids(page);
        }

        @Test
        void everythingNewestFirstWithTheDefaultPage() {
            JsonNode page = ok(server.get(QUARANTINE));

            assertThat(page.get("total").asLong()).isEqualTo(4);
            assertThat(page.get("offset").asInt()).isZero();
            assertThat(page.get("limit").asInt()).isEqualTo(50);
            assertThat(ids(page)).isEqualTo(ids(content, bounce, spam, virus));
            assertThat(page.get("items").get(3)).isEqualTo(ok(server.get(QUARANTINE + "/" + virus.id())));
        }

        @Test
        void byCategory() {
            assertThat(search("?category=spam")).isEqualTo(ids(bounce, spam));
            assertThat(search("?category=virus")).isEqualTo(ids(virus));
        }

        @Test
        void byRecipientDomainOrAddressIgnoringCase() {
            assertThat(search("?domain=example.com")).isEqualTo(ids(content, spam, virus));
            assertThat(search("?domain=EXAMPLE.com")).isEqualTo(ids(content, spam, virus));
            assertThat(search("?recipient=ALICE@example.com")).isEqualTo(ids(spam, virus));
            assertThat(search("?recipient=carol%40other.example")).isEqualTo(ids(bounce));
        }

        @Test
        void bySenderAddressSenderDomainOrNullSender() {
            assertThat(search("?sender=bob@example.org")).isEqualTo(ids(content, virus));
            assertThat(search("?sender=@spam.example")).isEqualTo(ids(spam));
            assertThat(search("?sender=%3C%3E")).isEqualTo(ids(bounce));
        }

        @Test
        void byWordsOfSubjectOrSender() {
            assertThat(search("?q=watches")).isEqualTo(ids(spam));
            assertThat(search("?q=fur")).as("accents folded").isEqualTo(ids(content));
            assertThat(search("?q=bob")).isEqualTo(ids(content, virus));
            assertThat(search("?q=" + encode("cheap -watches"))).isEmpty();
            assertThat(search("?q=" + encode("\"undelivered mail\""))).isEqualTo(ids(bounce));
        }

        @Test
        void byReceivedTimeWithInstantsOrDates() {
            assertThat(search("?since=2026-12-01T11:00:00Z")).isEqualTo(ids(content, bounce, spam));
            assertThat(search("?until=2026-12-02T10:00:00Z")).as("until is exclusive").isEqualTo(ids(spam, virus));
            assertThat(search("?since=2026-12-01T12:00:00%2B01:00&until=2026-12-02T10:00:00.001Z")).isEqualTo(ids(bounce, spam));
            assertThat(search("?since=2026-12-02")).isEqualTo(ids(content, bounce));
            assertThat(search("?until=2026-12-02")).isEqualTo(ids(spam, virus));
            assertThat(search("?since=2026-12-03&until=2026-12-04")).isEqualTo(ids(content));
        }

        @Test
        void byMessageId() {
            assertThat(search("?messageId=" + virus.messageId().asString().toLowerCase())).isEqualTo(ids(virus));
        }

        @Test
        void filtersCombine() {
            assertThat(search("?category=spam&domain=example.com")).isEqualTo(ids(spam));
            assertThat(search("?category=spam&domain=example.com&q=invoice")).isEmpty();
        }

        @Test
        void anEmptyValueIsAParameterNotGiven() {
            JsonNode page = ok(server.get(QUARANTINE + "?category=&domain=&recipient=&sender=&q=&since=&until=&sort=&order=&offset=&limit="));

            assertThat(page.get("total").asLong()).isEqualTo(4);
            assertThat(page.get("limit").asInt()).isEqualTo(50);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "category=worms|category",
            "category=SPAM|category",
            "domain=exa_mple.com|domain",
            "recipient=alice|recipient",
            "sender=bob|sender",
            "sender=@exa_mple.org|sender",
            "messageId=123|messageId",
            "since=yesterday|since",
            "since=2026-12-01T10:00:00+01:00|since",
            "until=2026-13-01|until",
            "since=2026-12-02&until=2026-12-01|until",
            "sort=date|sort",
            "order=up|order",
            "offset=-1|offset",
            "offset=ten|offset",
            "offset=10001|offset",
            "offset=99999999999|offset",
            "limit=0|limit",
            "limit=1001|limit",
            "limit=1.5|limit",
            "categroy=spam|categroy",
            "category=spam&limit=1&limit=2|limit",
        })
        void aBadParameterIsA400NamingIt(String query, String parameter) {
            assertBadRequest(server.get(QUARANTINE + "?" + query), parameter);
        }

        @Test
        void aTooLongTextIsA400NamingQ() {
            assertBadRequest(server.get(QUARANTINE + "?q=" + "x".repeat(501)), "q");
        }

        @Test
        void theMessagesSayWhatIsAccepted() {
            assertThat(json(server.get(QUARANTINE + "?sort=date")).get("message").asText())
                .isEqualTo("sort: 'date' is not a sort field; expected one of received, size, score, sender, subject");
            assertThat(json(server.get(QUARANTINE + "?categroy=spam")).get("message").asText())
                .startsWith("categroy: unknown parameter; expected one of category, domain, recipient");
            assertThat(json(server.get(QUARANTINE + "?since=2026-12-01T10:00:00+01:00")).get("message").asText())
                .contains("%2B");
        }
    }

    // ---- sorting ----

    @Nested
    class Sorting {
        final Map<String, QuarantineEntry> entries = new HashMap<>();

        @BeforeEach
        void fiveEntriesThatSortDifferentlyByEachField() throws Exception {
            entries.put("e1", put(QuarantineCategory.SPAM, "alice@example.com", "Zed@example.org", "banana offer", 500, spam(7), 30));
            clock.advance(Duration.ofMinutes(3));
            entries.put("e2", put(QuarantineCategory.VIRUS, "bob@example.com", "amy@example.org", "Apple invoice", 90_000, VIRUS, 14));
            clock.advance(Duration.ofMinutes(1));
            entries.put("e3", put(QuarantineCategory.CONTENT, "carol@example.com", null, "cherry", 1200, CONTENT, 30));
            clock.advance(Duration.ofHours(2));
            entries.put("e4", put(QuarantineCategory.SPAM, "dave@example.com", "Mike@example.net", "\u00c9clair deal", 42, spam(12.25), 30));
            clock.advance(Duration.ofSeconds(1));
            entries.put("e5", storeWithoutScore("erin@example.com", "bob@example.org", "date night", 3000));
            quarantine.rebuildIndex();
        }

        @ParameterizedTest
        @CsvSource({
            "received, asc,  e1 e2 e3 e4 e5",
            "received, desc, e5 e4 e3 e2 e1",
            "size,     asc,  e4 e1 e3 e5 e2",
            "size,     desc, e2 e5 e3 e1 e4",
            "score,    asc,  e3 e1 e2 e4 e5",
            "score,    desc, e4 e2 e1 e3 e5",
            "sender,   asc,  e3 e2 e5 e4 e1",
            "sender,   desc, e1 e4 e5 e2 e3",
            "subject,  asc,  e2 e1 e3 e5 e4",
            "subject,  desc, e4 e5 e3 e1 e2",
        })
        void bothOrders(String sort, String order, String expected) {
            JsonNode page = ok(server.get(QUARANTINE + "?sort=" + sort + "&order=" + order));

            assertThat(ids(page)).isEqualTo(Arrays.stream(expected.split(" ")).map(name -> entries.get(name).id().asString()).toList());
        }

        @Test
        void theOrderDefaultsToDescending() {
            assertThat(ids(ok(server.get(QUARANTINE + "?sort=size"))))
                .isEqualTo(ids(ok(server.get(QUARANTINE + "?sort=size&order=desc"))));
        }

        @Test
        void anEntryWithoutAScoreShowsANullScore() {
            JsonNode entry = ok(server.get(QUARANTINE + "/" + entries.get("e5").id()));

            assertThat(entry.has("score")).isTrue();
            assertThat(entry.get("score").isNull()).isTrue();
        }
    }

    // ---- paging ----

    @Nested
    class Paging {
        static final int ENTRIES = 300;
        final Set<String> all = new HashSet<>();

        @BeforeEach
        void threeHundredEntriesThreeBySecond() throws Exception {
            for (int i = 0; i < ENTRIES; i++) {
                if (i % 3 == 0) {
                    clock.advance(Duration.ofSeconds(1));
                }
                all.add(storeWithoutScore("user" + (i % 7) + "@example.com", "sender" + i + "@example.org", "message " + i, i).id().asString());
            }
            quarantine.rebuildIndex();
        }

        @ParameterizedTest
        @CsvSource({"received, desc", "received, asc", "sender, asc", "size, desc"})
        void pagesCoverEveryEntryOnceAndTheTotalStaysRight(String sort, String order) {
            int limit = 37;
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < ENTRIES; offset += limit) {
                JsonNode page = ok(server.get(QUARANTINE + "?sort=" + sort + "&order=" + order + "&offset=" + offset + "&limit=" + limit));
                assertThat(page.get("total").asLong()).isEqualTo(ENTRIES);
                assertThat(page.get("offset").asInt()).isEqualTo(offset);
                assertThat(page.get("limit").asInt()).isEqualTo(limit);
                assertThat(page.get("items").size()).isEqualTo(Math.min(limit, ENTRIES - offset));
                paged.addAll(ids(page));
            }

            assertThat(paged).doesNotHaveDuplicates().hasSize(ENTRIES);
            assertThat(new HashSet<>(paged)).isEqualTo(all);
            assertThat(paged).isEqualTo(ids(ok(server.get(QUARANTINE + "?sort=" + sort + "&order=" + order + "&limit=1000"))));
        }

        @Test
        void aPageBeyondTheEndIsEmptyWithTheTotal() {
            JsonNode page = ok(server.get(QUARANTINE + "?offset=300&limit=10"));

            assertThat(page.get("total").asLong()).isEqualTo(ENTRIES);
            assertThat(page.get("items").size()).isZero();
        }

        @Test
        void aFilteredTotalCountsOnlyWhatMatches() {
            JsonNode page = ok(server.get(QUARANTINE + "?recipient=user3@example.com&limit=5"));

            assertThat(page.get("total").asLong()).isEqualTo(43);
            assertThat(page.get("items").size()).isEqualTo(5);
        }
    }

    // ---- one entry ----

    @Nested
    class OneEntry {
        @Test
        void theEntryDocument() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.VIRUS, "Alice@example.com", "bob@example.org", "Invoice 2026", 2048, VIRUS, 14);

            JsonNode document = ok(server.get(QUARANTINE + "/" + entry.id()));

            assertThat(document).isEqualTo(JSON.readTree("{"
                + "\"id\":\"" + entry.id() + "\","
                + "\"messageId\":\"" + entry.messageId().asString() + "\","
                + "\"category\":\"virus\","
                + "\"recipient\":\"Alice@example.com\","
                + "\"domain\":\"example.com\","
                + "\"direction\":\"inbound\","
                + "\"sender\":\"bob@example.org\","
                + "\"subject\":\"Invoice 2026\","
                + "\"size\":2048,"
                + "\"received\":\"2026-12-01T10:00:00Z\","
                + "\"expires\":\"2026-12-15T10:00:00Z\","
                + "\"score\":10.0,"
                + "\"level\":null,"
                + "\"threshold\":null,"
                + "\"reasons\":[{\"ruleId\":\"VIRUS\",\"text\":\"EICAR-Test-File\"},"
                + "{\"ruleId\":\"EICAR_SIGNATURE\",\"text\":\"The EICAR test signature: attachment eicar.com\"}],"
                + "\"released\":null}"));
            List<String> fields = new ArrayList<>();
            document.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "messageId", "category", "recipient", "domain", "direction", "sender", "subject",
                "size", "received", "expires", "score", "level", "threshold", "reasons", "released");
        }

        @Test
        void aSpamEntryNamesTheRecipientsLevelAndThreshold() throws Exception {
            byte[] raw = raw("bob@example.org", "Offer");
            QuarantineEntry entry = quarantine.put(QuarantineCategory.SPAM, CleanPortId.generate(clock),
                address("alice@example.com"), Optional.of(address("bob@example.org")), message(raw), raw.length, spam(6),
                30, Optional.empty(), Optional.of(new SpamLevel(4, 5.0)));

            JsonNode document = ok(server.get(QUARANTINE + "/" + entry.id()));

            assertThat(document.get("score").asDouble()).isEqualTo(6.0);
            assertThat(document.get("level").asInt()).isEqualTo(4);
            assertThat(document.get("threshold").asDouble()).isEqualTo(5.0);
        }

        @Test
        void idsAreCaseInsensitive() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "hi", 10, spam(6), 30);

            assertThat(ok(server.get(QUARANTINE + "/" + entry.id().asString().toLowerCase())).get("id").asText())
                .isEqualTo(entry.id().asString());
        }

        @Test
        void anUnknownIdIs404() {
            String unknown = QuarantineId.of(CleanPortId.generate(clock), address("nobody@example.com")).asString();

            assertError(server.get(QUARANTINE + "/" + unknown), 404, "notFound", "No quarantine entry " + unknown);
        }

        @Test
        void aMalformedIdIs400NamingId() {
            assertBadRequest(server.get(QUARANTINE + "/not-an-id"), "id");
            assertBadRequest(server.get(QUARANTINE + "/not-an-id/source"), "id");
            assertBadRequest(server.post(QUARANTINE + "/not-an-id/release"), "id");
            assertBadRequest(server.delete(QUARANTINE + "/not-an-id"), "id");
        }

        @Test
        void anUnknownParameterIs400() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "hi", 10, spam(6), 30);

            assertBadRequest(server.get(QUARANTINE + "/" + entry.id() + "?fields=all"), "fields");
        }
    }

    // ---- source ----

    @Nested
    class Source {
        @Test
        void isTheExactMessageAsRfc822() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "Cheap watches", 10, spam(6), 30);

            HttpResponse<byte[]> response = server.getBytes(QUARANTINE + "/" + entry.id() + "/source");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("message/rfc822"));
            assertThat(response.body()).isEqualTo(raw("bob@example.org", "Cheap watches"));
        }

        @Test
        void aLargeMessageArrivesWhole() throws Exception {
            ByteArrayOutputStream large = new ByteArrayOutputStream();
            large.writeBytes("From: bob@example.org\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; large.size() < 3_000_000; i++) {
                large.writeBytes(("line " + i + " \u00e9\u00e8 with some padding to make it longer\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            byte[] bytes = large.toByteArray();
            QuarantineEntry entry = quarantine.put(QuarantineCategory.SPAM, CleanPortId.generate(clock), address("alice@example.com"),
                Optional.of(address("bob@example.org")), message(bytes), bytes.length, spam(6), 30);

            HttpResponse<byte[]> response = server.getBytes(QUARANTINE + "/" + entry.id() + "/source");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes);
        }

        @Test
        void ofAnUnknownEntryIs404() {
            String unknown = QuarantineId.of(CleanPortId.generate(clock), address("nobody@example.com")).asString();

            assertError(server.get(QUARANTINE + "/" + unknown + "/source"), 404, "notFound", "No quarantine entry " + unknown);
        }
    }

    // ---- release ----

    @Nested
    class Release {
        QuarantineEntry entry;

        @BeforeEach
        void oneSpam() throws Exception {
            entry = put(QuarantineCategory.SPAM, "alice@example.com", "eve@spam.example", "Cheap watches", 10, spam(6), 30);
            clock.advance(Duration.ofHours(1));
        }

        @Test
        void deliversOnceAndAnswersTheReleasedEntry() {
            JsonNode released = ok(server.post(QUARANTINE + "/" + entry.id() + "/release"));

            assertThat(released.get("id").asText()).isEqualTo(entry.id().asString());
            assertThat(released.get("released").asText()).isEqualTo("2026-12-01T11:00:00Z");
            assertThat(delivery.released()).singleElement().satisfies(release ->
                assertThat(release.message()).isEqualTo(raw("eve@spam.example", "Cheap watches")));
            assertThat(ok(server.get(QUARANTINE + "/" + entry.id()))).isEqualTo(released);
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).isEmpty()).isTrue();
        }

        @Test
        void aSecondReleaseIs409AndDeliversNothing() {
            assertThat(server.post(QUARANTINE + "/" + entry.id() + "/release").statusCode()).isEqualTo(200);

            assertError(server.post(QUARANTINE + "/" + entry.id() + "/release"), 409, "WrongState",
                "Quarantine entry " + entry.id() + " was already released at 2026-12-01T11:00:00Z");
            assertThat(delivery.released()).hasSize(1);
        }

        @Test
        void rememberAllowsTheSenderForTheRecipient() {
            JsonNode released = ok(server.post(QUARANTINE + "/" + entry.id() + "/release?remember=true"));

            assertThat(released.get("released").isNull()).isFalse();
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).allow())
                .containsExactly(SenderPattern.parse("eve@spam.example"));
            assertThat(senders.classify(EXAMPLE, "alice", "eve@spam.example").isAllowed()).isTrue();
        }

        @Test
        void rememberFalseIsAPlainRelease() {
            ok(server.post(QUARANTINE + "/" + entry.id() + "/release?remember=false"));

            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).isEmpty()).isTrue();
            assertThat(delivery.released()).hasSize(1);
        }

        @Test
        void aBadRememberOrAMisspeltParameterIs400AndReleasesNothing() {
            assertBadRequest(server.post(QUARANTINE + "/" + entry.id() + "/release?remember=yes"), "remember");
            assertBadRequest(server.post(QUARANTINE + "/" + entry.id() + "/release?remeber=true"), "remeber");

            assertThat(delivery.released()).isEmpty();
            assertThat(ok(server.get(QUARANTINE + "/" + entry.id())).get("released").isNull()).isTrue();
        }

        @Test
        void anUnknownEntryIs404() {
            String unknown = QuarantineId.of(CleanPortId.generate(clock), address("nobody@example.com")).asString();

            assertError(server.post(QUARANTINE + "/" + unknown + "/release"), 404, "notFound", "No quarantine entry " + unknown);
            assertThat(delivery.released()).isEmpty();
        }

        @Test
        void aFullSenderListIs409AndNothingIsDelivered() {
            InMemorySenderListStore full = new InMemorySenderListStore(1);
            full.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.BLOCK, SenderPattern.parse("@spam.example"));
            Quarantine rememberingIntoAFullList = new Quarantine(storage, index, delivery, full, new InMemoryCounters(), clock);
            try (WebAdminTestServer other = WebAdminTestServer.start(
                new QuarantineRoutes(rememberingIntoAFullList, taskManager, new JsonTransformer()))) {
                assertError(other.post(QUARANTINE + "/" + entry.id() + "/release?remember=true"), 409, "WrongState",
                    "Quarantine entry " + entry.id() + " was not released: the sender lists of alice@example.com already hold 1");
                assertThat(delivery.released()).isEmpty();
                assertThat(ok(other.post(QUARANTINE + "/" + entry.id() + "/release")).get("released").isNull()).isFalse();
            }
        }

        @Test
        void aFailedDeliveryIs500AndTheEntryStaysHeld() {
            delivery.failNextWith(new MessagingException("spool unavailable at /var/spool/secret"));

            HttpResponse<String> response = server.post(QUARANTINE + "/" + entry.id() + "/release");

            assertError(response, 500, "ServerError", "The quarantine store or the release delivery failed; see the server log");
            assertThat(response.body()).doesNotContain("secret");
            assertThat(ok(server.get(QUARANTINE + "/" + entry.id())).get("released").isNull()).isTrue();
            assertThat(ok(server.post(QUARANTINE + "/" + entry.id() + "/release")).get("released").isNull()).isFalse();
        }
    }

    // ---- delete ----

    @Nested
    class Delete {
        @Test
        void is204ThenTheEntryIsGone() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "hi", 10, spam(6), 30);

            HttpResponse<String> deleted = server.delete(QUARANTINE + "/" + entry.id());

            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertError(server.get(QUARANTINE + "/" + entry.id()), 404, "notFound", "No quarantine entry");
            assertError(server.get(QUARANTINE + "/" + entry.id() + "/source"), 404, "notFound", "No quarantine entry");
            assertError(server.delete(QUARANTINE + "/" + entry.id()), 404, "notFound", "No quarantine entry " + entry.id());
            assertThat(storage.count()).isZero();
        }
    }

    // ---- purge task ----

    @Nested
    class Purge {
        @Test
        void isATaskThatRemovesTheExpiredEntries() throws Exception {
            QuarantineEntry virus = put(QuarantineCategory.VIRUS, "alice@example.com", "bob@example.org", "Invoice", 10, VIRUS, 14);
            QuarantineEntry spam = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "Watches", 10, spam(6), 30);
            clock.advance(Duration.ofDays(20));

            HttpResponse<String> submitted = server.post(QUARANTINE + "?action=purgeExpired");

            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            String taskId = json(submitted).get("taskId").asText();
            assertThat(taskId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(submitted.headers().firstValue("Location")).hasValue("/tasks/" + taskId);
            JsonNode task = ok(server.get("/tasks/" + taskId + "/await?timeout=30"));
            assertThat(task.get("status").asText()).isEqualTo("completed");
            assertThat(task.get("type").asText()).isEqualTo("cleanport-quarantine-purge");

            assertThat(ids(ok(server.get(QUARANTINE)))).isEqualTo(ids(spam));
            assertError(server.get(QUARANTINE + "/" + virus.id()), 404, "notFound", "No quarantine entry");
            assertThat(storage.at(virus.location())).isEmpty();
        }

        @Test
        void aFailingStoreEndsTheTaskFailed() throws Exception {
            put(QuarantineCategory.VIRUS, "alice@example.com", "bob@example.org", "Invoice", 10, VIRUS, 14);
            clock.advance(Duration.ofDays(20));
            storage.breakDown("disk gone");

            HttpResponse<String> submitted = server.post(QUARANTINE + "?action=purgeExpired");

            assertThat(submitted.statusCode()).isEqualTo(201);
            JsonNode task = ok(server.get("/tasks/" + json(submitted).get("taskId").asText() + "/await?timeout=30"));
            assertThat(task.get("status").asText()).isEqualTo("failed");
            storage.repair();
            assertThat(ok(server.get(QUARANTINE)).get("total").asLong()).isEqualTo(1);
        }

        @Test
        void rebuildIndexIsATaskThatFindsWhatOnlyTheRepositoriesHeld() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "Watches", 10, spam(6), 30);
            index.delete(entry.id());
            assertError(server.get(QUARANTINE + "/" + entry.id()), 404, "notFound", "No quarantine entry");

            HttpResponse<String> submitted = server.post(QUARANTINE + "?action=rebuildIndex");

            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            JsonNode task = ok(server.get("/tasks/" + json(submitted).get("taskId").asText() + "/await?timeout=30"));
            assertThat(task.get("status").asText()).isEqualTo("completed");
            assertThat(task.get("type").asText()).isEqualTo("cleanport-quarantine-rebuild-index");
            assertThat(ok(server.get(QUARANTINE + "/" + entry.id())).get("subject").asText()).isEqualTo("Watches");
        }

        @Test
        void aMissingOrUnknownActionIs400AndSubmitsNothing() {
            int tasks = taskManager.list().size();

            assertError(server.post(QUARANTINE), 400, "InvalidArgument",
                "action: is required; supported values: purgeExpired, rebuildIndex");
            assertError(server.post(QUARANTINE + "?action=purge"), 400, "InvalidArgument",
                "action: 'purge' is not a quarantine task; supported values: purgeExpired, rebuildIndex");
            assertBadRequest(server.post(QUARANTINE + "?action=purgeExpired&force=true"), "force");
            assertThat(taskManager.list()).hasSize(tasks);
        }
    }

    // ---- store failure ----

    @Nested
    class StoreFailure {
        @Test
        void answersAJson500WithoutInternals() throws Exception {
            QuarantineEntry entry = put(QuarantineCategory.SPAM, "alice@example.com", "bob@example.org", "hi", 10, spam(6), 30);
            storage.breakDown("cannot read /var/mail/quarantine/secret");

            for (HttpResponse<String> response : List.of(
                server.get(QUARANTINE + "/" + entry.id() + "/source"),
                server.post(QUARANTINE + "/" + entry.id() + "/release"),
                server.delete(QUARANTINE + "/" + entry.id()))) {
                assertError(response, 500, "ServerError", "The quarantine store");
                assertThat(json(response).get("message").asText()).endsWith("failed; see the server log");
                assertThat(response.body()).doesNotContain("secret");
            }
            assertThat(delivery.released()).isEmpty();
            assertThat(ok(server.get(QUARANTINE)).get("total").asLong()).as("the index still answers").isEqualTo(1);
        }
    }
}
