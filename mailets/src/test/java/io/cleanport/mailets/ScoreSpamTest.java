package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.ProtagRules;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.scan.ArchiveLimits;
import io.cleanport.core.scan.ScanLimits;
import io.cleanport.core.spam.BayesBands;
import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamEngine;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.SpamRules;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesSettings;
import io.cleanport.core.spam.bayes.InMemoryTokenStore;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.spam.dns.DnsSpamChecks;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/** The spam step scores the facts the scan's walk left (one parse), or parses the message itself when there are none. */
class ScoreSpamTest {
    private static final String SHOUTING = TestMails.RAW.replace("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=",
        "Subject: FREE MONEY FOR EVERYONE TODAY");

    private final SpamFactsHandoff handoff = new SpamFactsHandoff();
    private DnsSpamChecks dns;
    private ScoreSpam scoring;

    @BeforeEach
    void setUp() throws Exception {
        // no block lists and SPF off: the checks cost nothing and ask nobody
        dns = DnsSpamChecks.of(new GatewayResolver(DnsSettings.defaults()), List.of(), false, Duration.ofMillis(200),
            Duration.ofMinutes(1), Clock.systemUTC());
        SpamEngine engine = new SpamEngine(SpamRules.defaults(),
            new BayesClassifier(new InMemoryTokenStore(Clock.systemUTC()), new SpamTokenizer(), BayesSettings.DEFAULTS),
            BayesBands.defaults(), SpamThresholds.defaults());
        scoring = new ScoreSpam(engine, new SpamMessageParser(), dns, handoff);
        scoring.init(FakeMailetConfig.builder().mailetName("ScoreSpam").build());
    }

    @AfterEach
    void tearDown() {
        dns.close();
    }

    private static ScanMessage scan(SpamFactsHandoff handoff, String share) throws MessagingException {
        SignatureIndex index = new SignatureIndex(new InMemorySignatureStore(), Clock.systemUTC());
        ProtagEngine engine = new ProtagEngine(ScanLimits.defaults(), ArchiveLimits.defaults(), ProtagRules.defaults(), index,
            Optional.empty());
        ScanMessage scan = new ScanMessage(engine, Optional.empty(), Optional.of(handoff));
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ScanMessage");
        if (share != null) {
            config.setProperty(ScanMessage.SHARE_SPAM_FACTS, share);
        }
        scan.init(config.build());
        return scan;
    }

    private static Verdict spamVerdict(FakeMail mail) {
        return MailVerdicts.recorded(mail, Category.SPAM).orElseThrow();
    }

    @Test
    void theScanLeavesItsWalksFactsAndTheSpamStepScoresThem() throws Exception {
        FakeMail mail = TestMails.mail(SHOUTING, "sender@senders.test", "alice@example.test");

        scan(handoff, "true").service(mail);
        // the message changes after the scan: the spam step must score what the scan read, not parse again
        mail.setMessage(TestMails.message(TestMails.RAW));
        scoring.service(mail);

        assertThat(spamVerdict(mail).ruleIds()).contains("SUBJECT_ALL_CAPS");
        assertThat(handoff.take(mail)).as("taken once").isEmpty();
    }

    @Test
    void withoutSharedFactsTheSpamStepParsesTheMessageItself() throws Exception {
        FakeMail mail = TestMails.mail(SHOUTING, "sender@senders.test", "alice@example.test");

        scan(handoff, null).service(mail);
        assertThat(handoff.take(mail)).as("not shared unless asked").isEmpty();
        scoring.service(mail);

        assertThat(spamVerdict(mail).ruleIds()).contains("SUBJECT_ALL_CAPS");
    }

    @Test
    void sharedFactsAreScoredWithTheSmtpEnvelope() throws Exception {
        FakeMail mail = TestMails.mail(TestMails.RAW, "bounce-7@bulk-sender.test", "alice@example.test");
        handoff.hand(mail, new SpamMessageParser().parse(TestMails.wire(TestMails.RAW).getBytes(StandardCharsets.UTF_8),
            SmtpEnvelope.unknown()));

        scoring.service(mail);

        assertThat(spamVerdict(mail).hit("FROM_ENVELOPE_MISMATCH")).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).contains("bounce-7@bulk-sender.test"));
    }

    @Test
    void theSharingParameterIsTrueOrFalse() {
        assertThatThrownBy(() -> scan(handoff, "yes")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("shareSpamFacts: 'yes'");
    }
}
