package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Notifications;
import io.cleanport.core.policy.QuarantineDays;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantineIndex;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.InMemoryQuarantineStorage;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.RecordingReleaseDelivery;
import io.cleanport.core.verdict.Category;

class QuarantineOutboundTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName CUSTOMER = DomainName.of("customer.test");
    private static final byte[] RAW = ("From: Clerk <clerk@customer.test>\r\nTo: partner@elsewhere.test\r\n"
        + "Subject: the invoice\r\n\r\nsee attachment\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryQuarantineStorage storage = new InMemoryQuarantineStorage();
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
        quarantine = new Quarantine(storage, index, new RecordingReleaseDelivery(), new InMemorySenderListStore(), counters,
            clock);
        policies.putDomain(CUSTOMER, DomainPolicy.defaults().toBuilder()
            .relayNetworks(List.of(Cidr.parse("192.0.2.0/24")))
            .quarantineDays(QuarantineDays.of(9, 30, 30))
            .notifications(Notifications.of(true, Optional.of("ict@customer.test")))
            .build());
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    private QuarantineOutbound mailet() throws MessagingException {
        QuarantineOutbound mailet = new QuarantineOutbound(quarantine, policies, counters);
        mailet.init(FakeMailetConfig.builder().mailetName("QuarantineOutbound").mailetContext(context).build());
        return mailet;
    }

    private FakeMail mail(String sender, String client) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(RAW));
        FakeMail mail = FakeMail.builder().name("mail-1").sender(sender)
            .recipients("partner@elsewhere.test", "other@far.test").remoteAddr(client)
            .mimeMessage(message).size(RAW.length).build();
        MailIds.assign(mail, id);
        return mail;
    }

    private QuarantineEntry entry(String recipient) throws Exception {
        return quarantine.entry(QuarantineId.of(id, new MailAddress(recipient))).orElseThrow();
    }

    @Test
    void quarantinesEachRecipientAsOutboundUnderTheCustomerAndNeverSendsTheMail() throws Exception {
        FakeMail mail = mail("clerk@customer.test", "192.0.2.10");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        mailet().service(mail);

        QuarantineEntry partner = entry("partner@elsewhere.test");
        assertThat(partner.category()).isEqualTo(QuarantineCategory.VIRUS);
        assertThat(partner.isOutbound()).isTrue();
        assertThat(partner.domain()).isEqualTo("customer.test");
        assertThat(partner.expires()).isEqualTo(T0.plus(Duration.ofDays(9)));
        assertThat(storage.messageBytes(partner.location())).hasValue(RAW);
        assertThat(entry("other@far.test").isOutbound()).isTrue();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(counters.get(Counter.VIRUS, CUSTOMER)).isEqualTo(2);
    }

    @Test
    void tellsTheIctAddressAndTheInternalSenderNamingTheVirusAndTheRecipients() throws Exception {
        FakeMail mail = mail("clerk@customer.test", "192.0.2.10");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        mailet().service(mail);

        assertThat(context.getSentMails()).extracting(sent -> sent.getRecipients().iterator().next().asString())
            .containsExactly("ict@customer.test", "clerk@customer.test");
        FakeMailContext.SentMail toIct = context.getSentMails().get(0);
        assertThat(toIct.getSender()).isNull();
        String body = (String) toIct.getMsg().getContent();
        assertThat(toIct.getMsg().getSubject()).contains("EICAR-Test-File").contains("not sent");
        assertThat(body).contains("sent from your domain customer.test").contains("partner@elsewhere.test")
            .contains("other@far.test").contains(entry("partner@elsewhere.test").id().asString());
        assertThat((String) context.getSentMails().get(1).getMsg().getContent()).contains("Your message was not sent");
    }

    @Test
    void mailWithoutACustomerIsStillQuarantinedUnderItsSenderDomainWithTheDefaultRetention() throws Exception {
        FakeMail mail = mail("someone@unknown.test", "198.51.100.7");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        mailet().service(mail);

        QuarantineEntry partner = entry("partner@elsewhere.test");
        assertThat(partner.isOutbound()).isTrue();
        assertThat(partner.domain()).isEqualTo("unknown.test");
        assertThat(partner.expires()).isEqualTo(T0.plus(Duration.ofDays(QuarantineDays.DEFAULTS.virus())));
        assertThat(counters.total(Counter.VIRUS)).isZero();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aMailWithoutAVirusVerdictFailsInsteadOfBeingQuarantined() throws Exception {
        FakeMail mail = mail("clerk@customer.test", "192.0.2.10");

        assertThatThrownBy(() -> mailet().service(mail)).isInstanceOf(MessagingException.class)
            .hasMessageContaining("no virus verdict");
        assertThat(quarantine.entry(QuarantineId.of(id, new MailAddress("partner@elsewhere.test")))).isEmpty();
        assertThat(context.getSentMails()).isEmpty();
    }
}
