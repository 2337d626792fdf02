package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitCounter;
import static io.cleanport.assembly.QuarantineTestSupport.awaitSubject;
import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.param;
import static io.cleanport.assembly.QuarantineTestSupport.plain;
import static io.cleanport.assembly.QuarantineTestSupport.search;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withEicarAttachment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Names;

import io.cleanport.core.testing.MutableClock;
import io.cleanport.guice.CleanPortModule;
import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * The filtering pipeline and the quarantines end to end: real SMTP in, real SMTP out to a stand-in
 * customer server, WebAdmin over HTTP. Spam and content verdicts come from {@link TestVerdictMailet}
 * until their engines land; viruses from the real scanner (EICAR). The quarantine's clock is a test clock,
 * so retention can be tested; the purge tests run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarantinePipelineTest {
    @TempDir
    static Path directory;

    static final MutableClock CLOCK = new MutableClock(Instant.now());

    /** Listed in this test's extensions.properties: the quarantine runs on {@link #CLOCK}. */
    public static class TestClock extends AbstractModule {
        @Override
        protected void configure() {
            OptionalBinder.newOptionalBinder(binder(), Key.get(Clock.class, Names.named(CleanPortModule.CLOCK)))
                .setBinding().toInstance(CLOCK);
        }
    }
    static DownstreamSmtpServer customer;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        Path conf = TestGateway.prepare(directory, TestVerdictMailet::inserted,
            TestGateway.LOOPBACK_NOT_GREYLISTED + "\nquarantine.purge.interval=1s");
        Path extensions = conf.resolve("extensions.properties");
        Files.writeString(extensions, Files.readString(extensions).replace(
            "guice.extension.module=" + CleanPortModule.class.getName(),
            "guice.extension.module=" + CleanPortModule.class.getName() + "," + TestClock.class.getName()));
        gateway = TestGateway.start(directory.resolve("home"), conf, TestGateway.freePort(), TestGateway.freePort());
        String downstream = "\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]";
        gateway.protect("q.test", "{" + downstream + "}");
        gateway.addUser("q.test", "alice");
        gateway.addUser("q.test", "carol");
        gateway.addUser("q.test", "dave");
        putUser("q.test", "bob", "{\"actions\":{\"spam\":\"tag\"}}");
        gateway.protect("del.test", "{\"catchAll\":true," + downstream
            + ",\"actions\":{\"virus\":\"delete\",\"spam\":\"delete\",\"content\":\"delete\"}}");
        gateway.protect("tag.test", "{\"catchAll\":true," + downstream + ",\"spamLevel\":5"
            + ",\"actions\":{\"spam\":\"tag\",\"content\":\"tag\"}}");
        gateway.protect("bulk.test", "{\"catchAll\":true," + downstream + "}");
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

    private static void putUser(String domain, String local, String json) {
        HttpResponse<String> response = gateway.http("PUT", "/cleanport/domains/" + domain + "/users/" + local, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    @Order(1)
    void eicarIsQuarantinedFoundReadReleasedAndDelivered() throws Exception {
        byte[] sent = withEicarAttachment("sender@outside.test", "alice@q.test", "Invoice 1");
        send(gateway.smtpPort(), "sender@outside.test", List.of("alice@q.test"), sent);

        JsonNode found = awaitTotal(gateway.webAdminPort(), "category=virus&recipient=alice%40q.test", 1);
        JsonNode item = found.get("items").get(0);
        String id = item.get("id").asText();
        assertThat(item.get("category").asText()).isEqualTo("virus");
        assertThat(item.get("sender").asText()).isEqualTo("sender@outside.test");
        assertThat(item.get("subject").asText()).isEqualTo("Invoice 1");
        assertThat(item.get("reasons").toString()).contains("EICAR-Test-File");
        assertThat(Duration.between(Instant.parse(item.get("received").asText()), Instant.parse(item.get("expires").asText())))
            .isEqualTo(Duration.ofDays(14));
        assertThat(customer.received()).noneMatch(mail -> "Invoice 1".equals(mail.header("Subject")));

        HttpResponse<String> source = gateway.http("GET", "/cleanport/quarantine/" + id + "/source", null);
        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("message/rfc822"));
        // As received: the sender's bytes, after the Received header the gateway's SMTP server wrote.
        assertThat(source.body()).startsWith("Received:").endsWith(new String(sent, StandardCharsets.UTF_8));

        HttpResponse<String> released = gateway.http("POST", "/cleanport/quarantine/" + id + "/release", null);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        ReceivedMail delivered = awaitSubject(customer, "Invoice 1");
        assertThat(delivered.recipients()).containsExactly("alice@q.test");
        assertThat(delivered.sender()).isEqualTo("sender@outside.test");
        assertThat(delivered.header("X-CleanPort-Status")).isEqualTo("released");
        assertThat(delivered.header("X-CleanPort-Id")).isEqualTo(item.get("messageId").asText());
        assertThat(delivered.text()).contains(java.util.Base64.getMimeEncoder()
            .encodeToString(QuarantineTestSupport.EICAR.getBytes(StandardCharsets.US_ASCII)));

        HttpResponse<String> again = gateway.http("POST", "/cleanport/quarantine/" + id + "/release", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("message").asText()).contains("already released");
        assertThat(json(gateway.http("GET", "/cleanport/quarantine/" + id, null)).get("released").isNull()).isFalse();
        Thread.sleep(1000);
        assertThat(customer.received().stream().filter(mail -> "Invoice 1".equals(mail.header("Subject")))).hasSize(1);
    }

    @Test
    @Order(2)
    void eicarForADeleteDomainIsDroppedCountedAndNotQuarantined() throws Exception {
        send(gateway.smtpPort(), "sender@outside.test", List.of("x@del.test"), withEicarAttachment("sender@outside.test", "x@del.test", "Deleted virus"));

        awaitCounter(gateway.webAdminPort(), "del.test", "virus", 1);
        assertThat(search(gateway.webAdminPort(), "recipient=x%40del.test").get("total").asInt()).isZero();
        assertThat(customer.received()).noneMatch(mail -> "Deleted virus".equals(mail.header("Subject")));
    }

    @Test
    @Order(3)
    void aMultiRecipientMailSplitsByEachRecipientsPolicy() throws Exception {
        List<String> recipients = List.of("alice@q.test", "bob@q.test", "y@del.test", "z@tag.test");
        send(gateway.smtpPort(), "promo@outside.test", recipients,
            plain("promo@outside.test", "list@outside.test", "Split offer", "X-Test-Verdict: spam\r\n", "Buy now."));

        JsonNode alice = awaitTotal(gateway.webAdminPort(), "category=spam&q=" + param("Split offer"), 1).get("items").get(0);
        assertThat(alice.get("recipient").asText()).isEqualTo("alice@q.test");
        assertThat(alice.get("score").asDouble()).isEqualTo(7.5);
        assertThat(alice.get("reasons").toString()).contains("TEST_SPAM");

        ReceivedMail bob = awaitDelivered("*** SPAM *** Split offer", "bob@q.test");
        assertThat(bob.header("X-CleanPort-Status")).isEqualTo("spam");
        assertThat(bob.header("X-CleanPort-Rules")).contains("TEST_SPAM");
        assertThat(bob.header("X-CleanPort-Spam-Score")).startsWith("7.5 (level 3, threshold ");
        ReceivedMail z = awaitDelivered("*** SPAM *** Split offer", "z@tag.test");
        assertThat(z.header("X-CleanPort-Spam-Score")).startsWith("7.5 (level 5, threshold ");
        awaitCounter(gateway.webAdminPort(), "del.test", "spam", 1);
        assertThat(customer.received().stream().filter(mail -> mail.recipients().contains("y@del.test"))).isEmpty();
        assertThat(customer.received().stream().filter(mail -> mail.recipients().contains("alice@q.test")
            && mail.header("Subject").contains("Split offer"))).isEmpty();
    }

    private static ReceivedMail awaitDelivered(String subject, String recipient) throws InterruptedException {
        Instant deadline = Instant.now().plus(QuarantineTestSupport.WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (ReceivedMail mail : customer.received()) {
                if (subject.equals(mail.header("Subject")) && mail.recipients().contains(recipient)) {
                    assertThat(mail.recipients()).containsExactly(recipient);
                    return mail;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + subject + "' was not delivered to " + recipient);
    }

    @Test
    @Order(4)
    void contentVerdictsAreQuarantinedOrTaggedByPolicy() throws Exception {
        send(gateway.smtpPort(), "hr@outside.test", List.of("alice@q.test", "z@tag.test"),
            plain("hr@outside.test", "alice@q.test", "Content case", "X-Test-Verdict: content\r\n", "Words."));

        JsonNode entry = awaitTotal(gateway.webAdminPort(), "category=content&recipient=alice%40q.test", 1).get("items").get(0);
        assertThat(entry.get("reasons").toString()).contains("TEST_CONTENT");
        assertThat(Duration.between(Instant.parse(entry.get("received").asText()), Instant.parse(entry.get("expires").asText())))
            .isEqualTo(Duration.ofDays(30));
        ReceivedMail tagged = awaitDelivered("*** CF *** Content case", "z@tag.test");
        assertThat(tagged.header("X-CleanPort-Status")).isEqualTo("content");
        assertThat(tagged.header("X-CleanPort-Rules")).contains("TEST_CONTENT");
    }

    @Test
    @Order(5)
    void releaseAndRememberLetsTheSendersNextMailSkipTheSpamStepButNotTheAntivirus() throws Exception {
        send(gateway.smtpPort(), "pal@partner.test", List.of("carol@q.test"),
            plain("pal@partner.test", "carol@q.test", "First from pal", "X-Test-Verdict: spam\r\n", "Hello."));
        String id = awaitTotal(gateway.webAdminPort(), "recipient=carol%40q.test&category=spam", 1).get("items").get(0).get("id").asText();

        HttpResponse<String> released = gateway.http("POST", "/cleanport/quarantine/" + id + "/release?remember=true", null);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        awaitSubject(customer, "First from pal");
        JsonNode lists = json(gateway.http("GET", "/cleanport/domains/q.test/users/carol/senders", null));
        assertThat(lists.get("allow").toString()).contains("pal@partner.test");

        send(gateway.smtpPort(), "pal@partner.test", List.of("carol@q.test"),
            plain("pal@partner.test", "carol@q.test", "Second from pal", "X-Test-Verdict: spam\r\n", "Hello again."));
        ReceivedMail second = awaitSubject(customer, "Second from pal");
        assertThat(second.header("X-CleanPort-Status")).isEqualTo("clean");

        send(gateway.smtpPort(), "pal@partner.test", List.of("carol@q.test"), withEicarAttachment("pal@partner.test", "carol@q.test", "Virus from pal"));
        awaitTotal(gateway.webAdminPort(), "recipient=carol%40q.test&category=virus", 1);
        assertThat(customer.received()).noneMatch(mail -> "Virus from pal".equals(mail.header("Subject")));
        // The allow entry is carol's only: dave still gets pal's spam quarantined.
        send(gateway.smtpPort(), "pal@partner.test", List.of("dave@q.test"),
            plain("pal@partner.test", "dave@q.test", "Pal to dave", "X-Test-Verdict: spam\r\n", "Hi."));
        awaitTotal(gateway.webAdminPort(), "recipient=dave%40q.test&category=spam", 1);
    }

    @Test
    @Order(6)
    void aBlockedSenderIsSpamEvenWithoutASpamVerdict() throws Exception {
        HttpResponse<String> block = gateway.http("PUT", "/cleanport/domains/q.test/senders/block/%40evil.test", null);
        assertThat(block.statusCode()).as(block.body()).isEqualTo(204);

        send(gateway.smtpPort(), "boss@evil.test", List.of("dave@q.test"), plain("boss@evil.test", "dave@q.test", "Blocked hello", "", "Hi."));

        JsonNode entry = awaitTotal(gateway.webAdminPort(), "q=" + param("Blocked hello"), 1).get("items").get(0);
        assertThat(entry.get("category").asText()).isEqualTo("spam");
        assertThat(entry.get("reasons").toString()).contains("SENDER_BLOCKLISTED");
    }

    @Test
    @Order(7)
    void aFailingMailetSendsTheMailToTheErrorRepository() throws Exception {
        send(gateway.smtpPort(), "sender@outside.test", List.of("alice@q.test"),
            plain("sender@outside.test", "alice@q.test", "Scanner bug", "X-Test-Verdict: fail\r\n", "Boom."));

        String errors = "/mailRepositories/" + param("var/mail/error/") + "/mails";
        Instant deadline = Instant.now().plus(QuarantineTestSupport.WAIT);
        JsonNode keys = json(gateway.http("GET", errors, null));
        while (keys.size() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            keys = json(gateway.http("GET", errors, null));
        }
        assertThat(keys.size()).as("mails in the error repository").isEqualTo(1);
        JsonNode mail = json(gateway.http("GET", errors + "/" + param(keys.get(0).asText()), null));
        assertThat(mail.toString()).contains("alice@q.test").contains("test verdict mailet failing");
        assertThat(customer.received()).noneMatch(received -> "Scanner bug".equals(received.header("Subject")));
    }

    @Test
    @Order(8)
    void searchSortsAndPagesAFewHundredEntries() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            recipients.add("user" + i + "@bulk.test");
        }
        String[] senders = {"alpha@one.test", "mike@two.test", "zulu@three.test"};
        for (int m = 0; m < 3; m++) {
            String body = "spam ".repeat(100 * (m + 1));
            send(gateway.smtpPort(), senders[m], recipients,
                plain(senders[m], "many@bulk.test", "Bulk " + (char) ('C' - m) + " wave", "X-Test-Verdict: spam\r\n", body));
        }
        awaitTotal(gateway.webAdminPort(), "domain=bulk.test", 300);

        Set<String> ids = new HashSet<>();
        for (int offset = 0; offset < 300; offset += 70) {
            JsonNode page = search(gateway.webAdminPort(), "domain=bulk.test&sort=received&order=asc&limit=70&offset=" + offset);
            assertThat(page.get("total").asInt()).isEqualTo(300);
            page.get("items").forEach(item -> assertThat(ids.add(item.get("id").asText())).as("seen twice").isTrue());
        }
        assertThat(ids).hasSize(300);

        assertThat(values(search(gateway.webAdminPort(), "domain=bulk.test&sort=size&order=asc&limit=300"), "size"))
            .isSortedAccordingTo(java.util.Comparator.comparingLong(Long::parseLong));
        List<String> subjects = values(search(gateway.webAdminPort(), "domain=bulk.test&sort=subject&order=desc&limit=300"), "subject");
        assertThat(subjects.get(0)).isEqualTo("Bulk C wave");
        assertThat(subjects.get(299)).isEqualTo("Bulk A wave");
        List<String> bySender = values(search(gateway.webAdminPort(), "domain=bulk.test&sort=sender&order=asc&limit=300"), "sender");
        assertThat(bySender.get(0)).isEqualTo("alpha@one.test");
        assertThat(bySender.get(299)).isEqualTo("zulu@three.test");
        assertThat(search(gateway.webAdminPort(), "domain=bulk.test&sender=mike%40two.test").get("total").asInt()).isEqualTo(100);
        assertThat(search(gateway.webAdminPort(), "domain=bulk.test&q=" + param("\"B wave\"")).get("total").asInt()).isEqualTo(100);
        assertThat(search(gateway.webAdminPort(), "recipient=user7%40bulk.test").get("total").asInt()).isEqualTo(3);

        HttpResponse<String> bad = gateway.http("GET", "/cleanport/quarantine?sort=colour", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).contains("sort");
        assertThat(gateway.http("GET", "/cleanport/quarantine?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(gateway.http("GET", "/cleanport/quarantine/not-an-id", null).statusCode()).isEqualTo(400);
        assertThat(gateway.http("DELETE", "/cleanport/quarantine/" + ids.iterator().next(), null).statusCode()).isEqualTo(204);
        assertThat(gateway.http("GET", "/cleanport/quarantine/" + ids.iterator().next(), null).statusCode()).isEqualTo(404);
        assertThat(search(gateway.webAdminPort(), "domain=bulk.test").get("total").asInt()).isEqualTo(299);
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        page.get("items").forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    @Test
    @Order(9)
    void purgeExpiredIsATaskThatRemovesOnlyWhatRetentionNoLongerKeeps() throws Exception {
        int virus = search(gateway.webAdminPort(), "category=virus").get("total").asInt();
        int spam = search(gateway.webAdminPort(), "category=spam").get("total").asInt();
        assertThat(virus).isPositive();
        assertThat(spam).isPositive();

        CLOCK.advance(Duration.ofDays(14).plusHours(1));
        HttpResponse<String> submitted = gateway.http("POST", "/cleanport/quarantine?action=purgeExpired", null);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String taskId = json(submitted).get("taskId").asText();
        JsonNode task = json(gateway.http("GET", "/tasks/" + taskId + "/await?timeout=30s", null));
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.get("type").asText()).isEqualTo("cleanport-quarantine-purge");

        assertThat(search(gateway.webAdminPort(), "category=virus").get("total").asInt()).isZero();
        assertThat(search(gateway.webAdminPort(), "category=spam").get("total").asInt()).isEqualTo(spam);
        assertThat(gateway.http("POST", "/cleanport/quarantine?action=burn", null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(10)
    void thePeriodicPurgeRemovesEntriesPastTheirRetentionWithoutBeingAsked() throws Exception {
        CLOCK.advance(Duration.ofDays(16));
        // quarantine.purge.interval=1s in this test's configuration
        awaitTotal(gateway.webAdminPort(), "", 0);
    }
}
