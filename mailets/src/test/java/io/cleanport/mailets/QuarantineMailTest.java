package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
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
import io.cleanport.core.pipeline.RecipientOutcomes;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.QuarantineDays;
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
import io.cleanport.core.stats.Counter;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.InMemoryQuarantineStorage;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.RecordingReleaseDelivery;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class QuarantineMailTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.test");
    private static final DomainName OTHER = DomainName.of("other.test");
    /** As it came off the wire: odd spacing, a folded field, an encoded subject and an 8-bit body that is not UTF-8. */
    private static final byte[] RAW = raw();

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
        policies.putDomain(EXAMPLE, DomainPolicy.defaults().toBuilder().quarantineDays(QuarantineDays.of(7, 20, 25)).build());
        policies.putDomain(OTHER, DomainPolicy.defaults());
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    private static byte[] raw() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("Return-Path: <sender@senders.test>\r\n"
            + "From: Sender <sender@senders.test>\r\n"
            + "To:   alice@example.test,  carol@other.test\r\n"
            + "Subject: =?UTF-8?Q?Rechnung_f=C3=BCr_Sie?=\r\n"
            + "X-CleanPort-Status: clean\r\n"
            + "X-Folded: first\r\n\tsecond\r\n"
            + "Content-Type: text/plain; charset=ISO-8859-1\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Caf").getBytes(StandardCharsets.US_ASCII));
        out.write(0xE9);
        out.writeBytes(" ouvert\r\n\r\n  trailing spaces  \r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private QuarantineMail mailet(String category) throws MessagingException {
        QuarantineMail mailet = new QuarantineMail(quarantine, policies, senders, counters);
        mailet.init(FakeMailetConfig.builder().mailetName("QuarantineMail").mailetContext(context)
            .setProperty("category", category).build());
        return mailet;
    }

    private FakeMail mail(String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(RAW));
        FakeMail mail = FakeMail.builder().name("mail-1").sender("sender@senders.test").recipients(recipients)
            .mimeMessage(message).size(RAW.length).build();
        MailIds.assign(mail, id);
        return mail;
    }

    private QuarantineEntry entry(String recipient) throws Exception {
        return quarantine.entry(QuarantineId.of(id, new MailAddress(recipient))).orElseThrow();
    }

    @Test
    void storesOneEntryPerRecipientWithItsRetentionAndTheExactBytesThenGhostsTheMail() throws Exception {
        FakeMail mail = mail("alice@example.test", "carol@other.test");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        mailet("virus").service(mail);

        QuarantineEntry alice = entry("alice@example.test");
        QuarantineEntry carol = entry("carol@other.test");
        assertThat(alice.category()).isEqualTo(QuarantineCategory.VIRUS);
        assertThat(alice.messageId()).isEqualTo(id);
        assertThat(alice.sender()).isEqualTo("sender@senders.test");
        assertThat(alice.size()).isEqualTo(RAW.length);
        assertThat(alice.subject()).isEqualTo("Rechnung für Sie");
        assertThat(alice.expires()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(carol.expires()).isEqualTo(T0.plus(Duration.ofDays(14)));
        assertThat(alice.reasons()).startsWith(QuarantineReason.of("VIRUS", "EICAR-Test-File"));
        assertThat(storage.messageBytes(alice.location())).hasValue(RAW);
        assertThat(storage.messageBytes(carol.location())).hasValue(RAW);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(counters.get(Counter.VIRUS, EXAMPLE)).isEqualTo(1);
        assertThat(counters.get(Counter.VIRUS, OTHER)).isEqualTo(1);
        assertThat(counters.total(Counter.VIRUS)).isEqualTo(2);
        // both recipients are told (virusToRecipient is on by default): VirusNotifierTest says how
        assertThat(context.getSentMails()).extracting(sent -> sent.getRecipients().iterator().next().asString())
            .containsExactly("alice@example.test", "carol@other.test");
    }

    @Test
    void spamIsKeptForTheSpamRetentionWithTheScore() throws Exception {
        FakeMail mail = mail("alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);

        mailet("spam").service(mail);

        QuarantineEntry alice = entry("alice@example.test");
        assertThat(alice.category()).isEqualTo(QuarantineCategory.SPAM);
        assertThat(alice.expires()).isEqualTo(T0.plus(Duration.ofDays(20)));
        assertThat(alice.score()).hasValue(7.5);
        assertThat(alice.spamLevel()).contains(new SpamLevel(3, 6.0));
        assertThat(alice.reasons()).extracting(QuarantineReason::ruleId).containsExactly("BAYES_99", "URIBL_BLACK");
        assertThat(counters.get(Counter.SPAM, EXAMPLE)).isEqualTo(1);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aSpamEntryCountsTheRulesOfItsRecipientsLevelOnly() throws Exception {
        policies.putDomain(OTHER, DomainPolicy.defaults().toBuilder().spamLevel(5).build());
        FakeMail mail = mail("alice@example.test", "carol@other.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.spam(List.of(
            RuleHit.of("BAYES_99", 6.5, "Bayesian spam probability is 99 to 100%", ""),
            RuleHit.of("COMPOSITION_BARE_LF", 1.0, "lines end in a bare LF", "3 lines"))));

        mailet("spam").service(mail);

        QuarantineEntry alice = entry("alice@example.test");
        assertThat(alice.score()).hasValue(6.5);
        assertThat(alice.spamLevel()).contains(new SpamLevel(3, 6.0));
        assertThat(alice.reasons()).extracting(QuarantineReason::ruleId).containsExactly("BAYES_99");
        QuarantineEntry carol = entry("carol@other.test");
        assertThat(carol.score()).hasValue(7.5);
        assertThat(carol.spamLevel()).contains(new SpamLevel(5, 4.0));
        assertThat(carol.reasons()).extracting(QuarantineReason::ruleId).containsExactly("BAYES_99", "COMPOSITION_BARE_LF");
    }

    @Test
    void aBlockedSenderIsQuarantinedAsSpamForTheRecipientWhoseListBlocksIt() throws Exception {
        senders.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.BLOCK, SenderPattern.parse("@senders.test"));
        FakeMail mail = mail("alice@example.test");

        mailet("spam").service(mail);

        assertThat(entry("alice@example.test").reasons()).extracting(QuarantineReason::ruleId)
            .containsExactly(RecipientOutcomes.SENDER_BLOCKLISTED);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void contentIsKeptForTheContentRetention() throws Exception {
        FakeMail mail = mail("alice@example.test");
        MailVerdicts.record(mail, Category.CONTENT, TestMails.CONTENT);

        mailet("content").service(mail);

        assertThat(entry("alice@example.test").expires()).isEqualTo(T0.plus(Duration.ofDays(25)));
        assertThat(counters.get(Counter.CONTENT, EXAMPLE)).isEqualTo(1);
    }

    @Test
    void aMailWithoutCleanPortIdFailsAndNothingIsStored() throws Exception {
        FakeMail mail = mail("alice@example.test");
        mail.removeAttribute(MailIds.ATTRIBUTE);
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        assertThatThrownBy(() -> mailet("virus").service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("cleanport.id");
        assertThat(storage.count()).isZero();
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aRecipientWithoutAGuiltyVerdictFailsTheMailBeforeAnythingIsStored() throws Exception {
        senders.add(SenderListScope.user(OTHER, "carol"), ListKind.ALLOW, SenderPattern.parse("sender@senders.test"));
        FakeMail mail = mail("alice@example.test", "carol@other.test");
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);

        assertThatThrownBy(() -> mailet("spam").service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("recipient carol@other.test has no spam verdict");
        assertThat(storage.count()).isZero();
        assertThat(counters.total(Counter.SPAM)).isZero();
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aRecipientOfAnUnprotectedDomainFailsTheMail() throws Exception {
        FakeMail mail = mail("someone@elsewhere.test");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        assertThatThrownBy(() -> mailet("virus").service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("is not in a protected domain");
        assertThat(storage.count()).isZero();
    }

    @Test
    void aFailingStoreFailsTheMailWhichIsNotGhosted() throws Exception {
        storage.breakDown("repository unavailable");
        FakeMail mail = mail("alice@example.test");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        assertThatThrownBy(() -> mailet("virus").service(mail)).hasMessageContaining("repository unavailable");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(counters.total(Counter.VIRUS)).isZero();
    }

    @Test
    void quarantiningAgainReplacesTheEntries() throws Exception {
        FakeMail mail = mail("alice@example.test");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);
        mailet("virus").service(mail);
        FakeMail again = mail("alice@example.test");
        MailVerdicts.record(again, Category.VIRUS, TestMails.VIRUS);

        mailet("virus").service(again);

        assertThat(storage.count()).isEqualTo(1);
    }

    @Test
    void theCategoryParameterIsRequiredAndChecked() {
        assertThatThrownBy(() -> mailet("malware"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'category' is 'malware'")
            .hasMessageContaining("virus, spam, content");
        assertThatThrownBy(() -> mailet("clean")).isInstanceOf(MessagingException.class).hasMessageContaining("'category'");
        assertThatThrownBy(() -> new QuarantineMail(quarantine, policies, senders, counters)
            .init(FakeMailetConfig.builder().mailetName("QuarantineMail").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'category' is required");
    }
}
