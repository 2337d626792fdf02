package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Notifications;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantineIndex;
import io.cleanport.core.scan.EicarInspector;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.InMemoryQuarantineStorage;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.RecordingReleaseDelivery;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/** The virus notifications, as {@link QuarantineMail} and {@link DiscardMail} send them. */
class VirusNotifierTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.test");
    private static final DomainName OTHER = DomainName.of("other.test");
    private static final String EICAR = new String(EicarInspector.testString(), StandardCharsets.US_ASCII);
    private static final String BODY_TEXT = "Please find the invoice attached, pay within 3 days";

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryQuarantineStorage storage = new InMemoryQuarantineStorage();
    private final InMemorySenderListStore senders = new InMemorySenderListStore();
    private final InMemoryCounters counters = new InMemoryCounters();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final CleanPortId id = CleanPortId.generate(Clock.fixed(T0, ZoneOffset.UTC));
    private FakeMailContext context;
    private QuarantineIndex index;
    private Quarantine quarantine;

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@gateway.test")).build();
        index = QuarantineIndex.open(folder.resolve("index"));
        quarantine = new Quarantine(storage, index, new RecordingReleaseDelivery(), senders, counters, clock);
        policies.putDomain(EXAMPLE, DomainPolicy.defaults());
        policies.putDomain(OTHER, DomainPolicy.defaults());
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    private void notifications(DomainName domain, boolean toRecipient, String ictAddress) {
        policies.putDomain(domain, DomainPolicy.defaults().toBuilder()
            .notifications(Notifications.of(toRecipient, Optional.ofNullable(ictAddress))).build());
    }

    private QuarantineMail quarantineMail(String category, MailetContext mailetContext) throws MessagingException {
        QuarantineMail mailet = new QuarantineMail(quarantine, policies, senders, counters);
        mailet.init(FakeMailetConfig.builder().mailetName("QuarantineMail").mailetContext(mailetContext)
            .setProperty("category", category).build());
        return mailet;
    }

    private QuarantineMail quarantineMail(String category) throws MessagingException {
        return quarantineMail(category, context);
    }

    private DiscardMail discardMail(String category) throws MessagingException {
        DiscardMail mailet = new DiscardMail(policies, senders, counters);
        mailet.init(StepStores.config("DiscardMail", category).mailetContext(context).build());
        return mailet;
    }

    /** A text part and the EICAR test file as an attachment, base64-encoded. */
    private static String infected(String subject) {
        String attachment = Base64.getEncoder().encodeToString(EicarInspector.testString());
        return "From: Sender <sender@senders.test>\n"
            + "To: alice@example.test\n"
            + "Subject: " + subject + "\n"
            + "Date: Sun, 1 Mar 2026 11:58:00 +0100\n"
            + "Message-ID: <2@senders.test>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\n"
            + "\n"
            + "--b1\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + BODY_TEXT + "\n"
            + "--b1\n"
            + "Content-Type: application/octet-stream; name=\"eicar.com\"\n"
            + "Content-Disposition: attachment; filename=\"eicar.com\"\n"
            + "Content-Transfer-Encoding: base64\n"
            + "\n"
            + attachment + "\n"
            + "--b1--\n";
    }

    private FakeMail virusMailWithSubject(String subject, String... recipients) throws Exception {
        FakeMail mail = TestMails.mail(infected(subject), "sender@senders.test", recipients);
        MailIds.assign(mail, id);
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);
        return mail;
    }

    private FakeMail virusMail(String... recipients) throws Exception {
        return virusMailWithSubject("Invoice March", recipients);
    }

    private List<FakeMailContext.SentMail> sentTo(String address) {
        return context.getSentMails().stream()
            .filter(sent -> sent.getRecipients().stream().anyMatch(to -> to.asString().equals(address)))
            .toList();
    }

    private static String text(FakeMailContext.SentMail sent) throws Exception {
        Object content = sent.getMsg().getContent();
        assertThat(content).isInstanceOf(String.class);
        return (String) content;
    }

    private String quarantineId(String recipient) throws Exception {
        return QuarantineId.of(id, new MailAddress(recipient)).asString();
    }

    @Test
    void theRecipientIsToldByDefaultWhereItsMessageIsKept() throws Exception {
        FakeMail mail = virusMail("alice@example.test");

        quarantineMail("virus").service(mail);

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@example.test");
        assertThat(text(sent))
            .contains("A message to alice@example.test was stopped")
            .contains("It is kept in quarantine under id " + quarantineId("alice@example.test") + " for 14 days;"
                + " ask your administrator to release it if you believe it is safe.");
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void theNotificationIsPlainTextFromThePostmasterWithANullSenderAndSaysWhatWasStopped() throws Exception {
        quarantineMail("virus").service(virusMail("alice@example.test"));

        FakeMailContext.SentMail sent = sentTo("alice@example.test").get(0);
        MimeMessage message = sent.getMsg();
        assertThat(sent.getSender()).isNull();
        assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(message.getHeader("From", null)).isEqualTo("postmaster@gateway.test");
        assertThat(message.getHeader("To", null)).isEqualTo("alice@example.test");
        assertThat(message.getSubject()).isEqualTo("Virus blocked: EICAR-Test-File");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(message.getHeader(VirusNotifier.HEADER, null)).isEqualTo("virus");
        assertThat(message.getHeader("Message-ID", null)).endsWith("@gateway.test>");
        assertThat(message.getSentDate()).isNotNull();
        String text = text(sent);
        assertThat(text)
            .contains("EICAR-Test-File")
            .contains("Sender:        sender@senders.test")
            .contains("From:          Sender <sender@senders.test>")
            .contains("Subject:       Invoice March")
            .contains("Date:          Sun, 1 Mar 2026 11:58:00 +0100")
            .contains("CleanPort id:  " + id.asString())
            .contains("EICAR_TEST_FILE: attachment 'eicar.com' (part 2)")
            .contains(quarantineId("alice@example.test"));
        assertThat(text)
            .doesNotContain(EICAR)
            .doesNotContain(Base64.getEncoder().encodeToString(EicarInspector.testString()))
            .doesNotContain(BODY_TEXT);
        assertThat(TestMails.bytes(message)).asString(StandardCharsets.UTF_8)
            .doesNotContain("multipart")
            .doesNotContain(EICAR)
            .doesNotContain(BODY_TEXT);
    }

    @Test
    void aRecipientWhosePolicySaysNoIsNotTold() throws Exception {
        notifications(EXAMPLE, false, null);

        quarantineMail("virus").service(virusMail("alice@example.test"));

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void theIctAddressIsToldOnceForAllRecipientsOfItsDomainWithTheirQuarantineIds() throws Exception {
        notifications(EXAMPLE, true, "ict@example.test");

        quarantineMail("virus").service(virusMail("alice@example.test", "bob@example.test"));

        assertThat(sentTo("alice@example.test")).hasSize(1);
        assertThat(sentTo("bob@example.test")).hasSize(1);
        List<FakeMailContext.SentMail> ict = sentTo("ict@example.test");
        assertThat(ict).hasSize(1);
        assertThat(context.getSentMails()).hasSize(3);
        assertThat(ict.get(0).getSender()).isNull();
        assertThat(text(ict.get(0)))
            .contains("A message to 2 recipients of your domain was stopped")
            .contains("alice@example.test: kept in quarantine under id " + quarantineId("alice@example.test") + " for 14 days")
            .contains("bob@example.test: kept in quarantine under id " + quarantineId("bob@example.test") + " for 14 days");
    }

    @Test
    void anIctAddressSharedByTwoDomainsGetsOneNotificationListingTheRecipientsOfBoth() throws Exception {
        notifications(EXAMPLE, false, "soc@central.test");
        notifications(OTHER, false, "soc@central.test");

        quarantineMail("virus").service(virusMail("alice@example.test", "carol@other.test"));

        assertThat(context.getSentMails()).hasSize(1);
        assertThat(text(sentTo("soc@central.test").get(0)))
            .contains("alice@example.test: kept in quarantine under id " + quarantineId("alice@example.test"))
            .contains("carol@other.test: kept in quarantine under id " + quarantineId("carol@other.test"));
    }

    @Test
    void aDeletedVirusIsReportedAsDeleted() throws Exception {
        notifications(EXAMPLE, true, "ict@example.test");
        FakeMail mail = virusMail("alice@example.test");

        discardMail("virus").service(mail);

        String toAlice = text(sentTo("alice@example.test").get(0));
        assertThat(toAlice).contains("It was deleted.").doesNotContain("quarantine under id");
        assertThat(text(sentTo("ict@example.test").get(0))).contains("alice@example.test: deleted");
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void spamAndContentOutcomesSendNoNotification() throws Exception {
        notifications(EXAMPLE, true, "ict@example.test");
        FakeMail spam = virusMail("alice@example.test");
        MailVerdicts.record(spam, Category.SPAM, TestMails.SPAM);
        FakeMail content = virusMail("alice@example.test");
        MailVerdicts.record(content, Category.CONTENT, TestMails.CONTENT);
        FakeMail deletedSpam = virusMail("alice@example.test");
        MailVerdicts.record(deletedSpam, Category.SPAM, TestMails.SPAM);

        quarantineMail("spam").service(spam);
        quarantineMail("content").service(content);
        discardMail("spam").service(deletedSpam);

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aHostileSubjectIsMadePrintableAndBounded() throws Exception {
        // raw control characters, and a right-to-left override in an encoded word, then 5000 characters
        String hostile = "Pay\u0007now\u001b[2J =?UTF-8?Q?=E2=80=AEgpj.exe?= " + "A".repeat(5000);
        quarantineMail("virus").service(virusMailWithSubject(hostile, "alice@example.test"));

        String text = text(sentTo("alice@example.test").get(0));
        String subjectLine = text.lines().filter(line -> line.startsWith("  Subject:")).findFirst().orElseThrow();
        String shown = subjectLine.substring("  Subject:       ".length());
        assertThat(shown).hasSizeLessThanOrEqualTo(VirusNotifier.MAX_ORIGINAL_CHARS)
            .startsWith("Pay\\u0007now\\u001B[2J \\u202Egpj.exe AAA")
            .endsWith("…");
        assertThat(text).doesNotContain("\u0007").doesNotContain("\u001b").doesNotContain("\u202E")
            .doesNotContain("A".repeat(VirusNotifier.MAX_ORIGINAL_CHARS));
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(400));
    }

    @Test
    void evidenceIsBoundedInLengthAndNumberOfLines() throws Exception {
        List<RuleHit> hits = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            hits.add(RuleHit.of("RULE_" + i, 1, "a rule", "x".repeat(RuleHit.MAX_EVIDENCE_CHARS)));
        }
        FakeMail mail = virusMail("alice@example.test");
        MailVerdicts.record(mail, Category.VIRUS, Verdict.virus("Test.Many", hits));

        quarantineMail("virus").service(mail);

        String text = text(sentTo("alice@example.test").get(0));
        List<String> evidence = text.lines().filter(line -> line.startsWith("  - RULE_")).toList();
        assertThat(evidence).hasSize(VirusNotifier.MAX_EVIDENCE_LINES);
        assertThat(evidence).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(4 + VirusNotifier.MAX_EVIDENCE_CHARS));
        assertThat(text).contains("(and 5 more)");
    }

    @Test
    void aNotificationThatCannotBeSentFailsTheMailWhichIsNotGhosted() throws Exception {
        MailetContext failing = (MailetContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MailetContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("sendMail")) {
                    throw new MessagingException("spool full");
                }
                try {
                    return method.invoke(context, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        FakeMail mail = virusMail("alice@example.test");

        assertThatThrownBy(() -> quarantineMail("virus", failing).service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("spool full");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(storage.count()).isEqualTo(1);
    }

    @Test
    void withoutAPostmasterTheMailFailsRatherThanGoingUntold() throws Exception {
        FakeMail mail = virusMail("alice@example.test");

        assertThatThrownBy(() -> quarantineMail("virus", FakeMailContext.defaultContext()).service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("no postmaster");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }
}
