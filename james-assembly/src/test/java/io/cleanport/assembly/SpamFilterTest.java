package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitSubject;
import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.param;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withEicarAttachment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cleanport.load.DownstreamSmtpServer;
import io.cleanport.load.ReceivedMail;

/**
 * The spam filter end to end with the product's own engine and its shipped model (no test verdicts): real
 * SMTP in and out, WebAdmin over HTTP, the token table in the default embedded database. The messages are
 * written so that their scores sit clearly on one side of each threshold; a change of rule weights or of the
 * default model that moves them is exactly what these tests must report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpamFilterTest {
    private static final String DOMAIN = "s.test";

    @TempDir
    static Path directory;

    static DownstreamSmtpServer customer;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        customer = DownstreamSmtpServer.start();
        gateway = TestGateway.start(directory, mailets -> mailets);
        gateway.protect(DOMAIN, TestGateway.downstreamPolicy(customer.port()));
        for (String user : List.of("alice", "carol", "frank", "gina")) {
            gateway.addUser(DOMAIN, user);
        }
        HttpResponse<String> eve = gateway.http("PUT", "/cleanport/domains/" + DOMAIN + "/users/eve", "{\"spamLevel\":5}");
        assertThat(eve.statusCode()).as(eve.body()).isEqualTo(204);
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

    /** A message with every usual header field; {@code from} is the From field's value. */
    private static byte[] message(String from, String to, String subject, String contentType, String body) {
        String domain = from.substring(from.lastIndexOf('@') + 1).replace(">", "");
        return ("From: " + from + "\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + System.nanoTime() + "@" + domain + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "; charset=us-ascii\r\n"
            + "\r\n"
            + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Unsolicited offer: HTML only, shouting subject, a fortune, a link whose text names another host. */
    static byte[] spam(String from, String to, String subject) {
        return message("\"Best Deals\" <" + from + ">", to, subject, "text/html",
            "<html><body><p>Dear Friend,</p><p>You have been selected to receive $1,000,000 US DOLLARS!!! Act now,"
            + " this limited time offer expires today!!!</p>"
            + "<p><a href=\"http://192.0.2.7/claim\">http://www.yourbank.com/claim</a></p>"
            + "<p>Click here to remove yourself from our mailing list. Guaranteed, no risk, 100% free!!!</p>"
            + "</body></html>");
    }

    /** A colleague's reply in plain text. */
    static byte[] ham(String from, String to, String subject) {
        return message("\"Bob Martin\" <" + from + ">", to, subject, "text/plain",
            "Hi Alice,\r\n\r\n"
            + "thanks for the notes. I think we should move the release to Thursday so that\r\n"
            + "the build server upgrade does not collide with it. Can you check with Jim\r\n"
            + "whether the patch for the mailing list archive is ready?\r\n\r\n"
            + "Cheers,\r\nBob");
    }

    /**
     * A shop's catalogue with an excited subject: between 4 and 6 points (the classifier leans to spam, the
     * subject's exclamation marks add a rule), so above the threshold of level 5 (4.0), below level 3's (6.0).
     */
    static byte[] borderline(String from, String to, String subject) {
        return message("<" + from + ">", to, subject, "text/plain",
            "Our new winter catalogue is out. Order today and get free shipping on\r\n"
            + "every order over 50 euros. Visit our shop for the full range of products.\r\n\r\n"
            + "To unsubscribe, reply with the word remove.");
    }

    private static String recipient(String local) {
        return local + "@" + DOMAIN;
    }

    private static JsonNode onlyEntry(String query) throws InterruptedException {
        return awaitTotal(gateway.webAdminPort(), query, 1).get("items").get(0);
    }

    private static void put(String path) {
        HttpResponse<String> response = gateway.http("PUT", path, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(204);
    }

    private static JsonNode learn(String messageClass, String message) {
        HttpResponse<String> response = gateway.http("POST", "/cleanport/learning/" + messageClass, message);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    @Order(1)
    void outOfTheBoxSpamIsQuarantinedAndHamDeliveredWithItsScore() throws Exception {
        send(gateway.smtpPort(), "offers@deals.test", List.of(recipient("alice")),
            spam("offers@deals.test", recipient("alice"), "FREE MONEY WAITING FOR YOU"));
        send(gateway.smtpPort(), "bob@partner.test", List.of(recipient("alice")),
            ham("bob@partner.test", recipient("alice"), "Re: minutes of Tuesday meeting"));

        JsonNode entry = onlyEntry("category=spam&q=" + param("FREE MONEY"));
        assertThat(entry.get("recipient").asText()).isEqualTo(recipient("alice"));
        assertThat(entry.get("score").asDouble()).isGreaterThan(15.0);
        assertThat(entry.get("level").asInt()).isEqualTo(3);
        assertThat(entry.get("threshold").asDouble()).isEqualTo(6.0);
        assertThat(entry.get("reasons").toString()).contains("HTML_ONLY", "LOTS_OF_MONEY", "IP_LITERAL_URL", "BAYES_99");

        ReceivedMail delivered = awaitSubject(customer, "Re: minutes of Tuesday meeting");
        assertThat(delivered.header("X-CleanPort-Status")).isEqualTo("clean");
        // the shipped model recognises a colleague's mail: a negative score, well under the threshold
        assertThat(delivered.header("X-CleanPort-Spam-Score")).matches("-[0-9]+\\.[0-9] \\(level 3, threshold 6\\.0\\)");
        assertThat(customer.received()).noneMatch(mail -> "FREE MONEY WAITING FOR YOU".equals(mail.header("Subject")));
    }

    @Test
    @Order(2)
    void theRecipientsLevelDecidesABorderlineMessage() throws Exception {
        // one transaction: carol keeps the domain's level 3, eve chose level 5
        send(gateway.smtpPort(), "news@shop.test", List.of(recipient("carol"), recipient("eve")),
            borderline("news@shop.test", recipient("carol"), "Our winter catalogue!!!"));

        JsonNode entry = onlyEntry("category=spam&q=" + param("winter catalogue"));
        assertThat(entry.get("recipient").asText()).isEqualTo(recipient("eve"));
        assertThat(entry.get("score").asDouble()).isBetween(4.0, 6.0);
        assertThat(entry.get("level").asInt()).isEqualTo(5);
        assertThat(entry.get("threshold").asDouble()).isEqualTo(4.0);
        assertThat(entry.get("reasons").toString()).contains("MANY_EXCLAMATIONS", "BAYES_");

        ReceivedMail delivered = awaitSubject(customer, "Our winter catalogue!!!");
        assertThat(delivered.recipients()).containsExactly(recipient("carol"));
        assertThat(delivered.header("X-CleanPort-Status")).isEqualTo("clean");
        assertThat(delivered.header("X-CleanPort-Spam-Score")).matches("[45]\\.[0-9] \\(level 3, threshold 6\\.0\\)");
    }

    @Test
    @Order(3)
    void anAllowedSenderSkipsTheSpamFilterButNotTheAntivirus() throws Exception {
        put("/cleanport/domains/" + DOMAIN + "/senders/allow/" + param("promo@friends.test"));

        send(gateway.smtpPort(), "promo@friends.test", List.of(recipient("frank")),
            spam("promo@friends.test", recipient("frank"), "FRIENDS OFFER"));
        ReceivedMail delivered = awaitSubject(customer, "FRIENDS OFFER");
        assertThat(delivered.recipients()).containsExactly(recipient("frank"));
        assertThat(delivered.header("X-CleanPort-Status")).isEqualTo("clean");

        send(gateway.smtpPort(), "promo@friends.test", List.of(recipient("frank")),
            withEicarAttachment("promo@friends.test", recipient("frank"), "Friends invoice"));
        JsonNode virus = onlyEntry("category=virus&q=" + param("Friends invoice"));
        assertThat(virus.get("recipient").asText()).isEqualTo(recipient("frank"));
        assertThat(awaitTotal(gateway.webAdminPort(), "category=spam&q=" + param("FRIENDS OFFER"), 0).get("total").asInt())
            .isZero();
    }

    @Test
    @Order(4)
    void aBlockedSenderDomainIsSpamWhateverItWrites() throws Exception {
        put("/cleanport/domains/" + DOMAIN + "/senders/block/" + param("@evil.test"));

        send(gateway.smtpPort(), "bob@evil.test", List.of(recipient("gina")),
            ham("bob@evil.test", recipient("gina"), "Re: harmless looking note"));

        JsonNode entry = onlyEntry("category=spam&q=" + param("harmless looking note"));
        assertThat(entry.get("recipient").asText()).isEqualTo(recipient("gina"));
        assertThat(entry.get("reasons").toString()).contains("SENDER_BLOCKLISTED", "@evil.test");
    }

    @Test
    @Order(5)
    void releaseAndRememberAllowsTheSenderAndLearnsHam() throws Exception {
        send(gateway.smtpPort(), "club@members.test", List.of(recipient("alice")),
            spam("club@members.test", recipient("alice"), "MEMBERS PRIZE DRAW"));
        String id = onlyEntry("category=spam&q=" + param("MEMBERS PRIZE DRAW")).get("id").asText();

        HttpResponse<String> released = gateway.http("POST", "/cleanport/quarantine/" + id + "/release?remember=true", null);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(awaitSubject(customer, "MEMBERS PRIZE DRAW").header("X-CleanPort-Status")).isEqualTo("released");

        HttpResponse<String> lists = gateway.http("GET", "/cleanport/domains/" + DOMAIN + "/users/alice/senders", null);
        assertThat(json(lists).get("allow").toString()).contains("club@members.test");

        // the release taught the classifier this message as ham: reporting it again changes nothing
        String source = gateway.http("GET", "/cleanport/quarantine/" + id + "/source", null).body();
        assertThat(learn("ham", source).get("outcome").asText()).isEqualTo("alreadyLearned");

        send(gateway.smtpPort(), "club@members.test", List.of(recipient("alice")),
            spam("club@members.test", recipient("alice"), "MEMBERS SECOND DRAW"));
        ReceivedMail next = awaitSubject(customer, "MEMBERS SECOND DRAW");
        assertThat(next.header("X-CleanPort-Status")).isEqualTo("clean");
        assertThat(awaitTotal(gateway.webAdminPort(), "category=spam&q=" + param("MEMBERS SECOND DRAW"), 0)
            .get("total").asInt()).isZero();
    }

    @Test
    @Order(6)
    void theTokenTableSurvivesARestart() throws Exception {
        String reported = new String(spam("lottery@winner.test", recipient("alice"), "YOU WON THE LOTTERY"),
            StandardCharsets.US_ASCII);
        assertThat(learn("spam", reported).get("outcome").asText()).isEqualTo("learned");
        assertThat(learn("spam", reported).get("outcome").asText()).isEqualTo("alreadyLearned");

        Path home = gateway.home();
        Path conf = gateway.conf();
        int smtpPort = gateway.smtpPort();
        int webAdminPort = gateway.webAdminPort();
        gateway.close();
        gateway = null;
        gateway = TestGateway.start(home, conf, smtpPort, webAdminPort);

        assertThat(learn("spam", reported).get("outcome").asText()).isEqualTo("alreadyLearned");
        assertThat(learn("ham", reported).get("outcome").asText()).isEqualTo("moved");
    }
}
