package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailTags;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class StampDeliveryHeadersTest {
    private static final DomainName EXAMPLE = DomainName.of("example.test");
    private static final CleanPortId ID = CleanPortId.generate(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
    private static final String FORGED = TestMails.RAW.replace("MIME-Version: 1.0\n",
        "MIME-Version: 1.0\nX-CleanPort-Status: clean\nx-cleanport-id: FORGED\nX-CLEANPORT-SPAM-SCORE: -100\n"
            + "X-CleanPort-Rules: none\nX-Other: kept\n");

    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final InMemorySenderListStore senders = new InMemorySenderListStore();

    @BeforeEach
    void setUp() {
        policies.putDomain(EXAMPLE, DomainPolicy.defaults());
        policies.putUser(EXAMPLE, "sensitive", UserPolicy.builder().spamLevel(5).build());
    }

    private StampDeliveryHeaders mailet(String status) throws MessagingException {
        return mailet(SpamThresholds.defaults(), status);
    }

    private StampDeliveryHeaders mailet(SpamThresholds thresholds, String status) throws MessagingException {
        StampDeliveryHeaders mailet = new StampDeliveryHeaders(thresholds, policies, senders);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("StampDeliveryHeaders");
        if (status != null) {
            config.setProperty("status", status);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(String raw, String... recipients) throws Exception {
        FakeMail mail = TestMails.mail(raw, "sender@senders.test", recipients);
        MailIds.assign(mail, ID);
        return mail;
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        assertThat(values).as(name).hasSize(1);
        return values[0];
    }

    @Test
    void aCleanMailGetsItsHeadersAndLosesTheForgedOnes() throws Exception {
        FakeMail mail = mail(FORGED, "alice@example.test");

        mailet(null).service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(header(message, "X-CleanPort-Id")).isEqualTo(ID.asString());
        assertThat(header(message, "X-CleanPort-Status")).isEqualTo("clean");
        assertThat(header(message, "X-CleanPort-Spam-Score")).isEqualTo("0.0 (level 3, threshold 6.0)");
        assertThat(header(message, "X-CleanPort-Rules")).isEqualTo("none");
        assertThat(message.getHeader("X-Other")).containsExactly("kept");
        // JavaMail puts a field back where one of its name was removed: the order is the message's
        assertThat(cleanPortHeaderLines(message)).containsExactlyInAnyOrder(
            "X-CleanPort-Id: " + ID.asString(),
            "X-CleanPort-Status: clean",
            "X-CleanPort-Spam-Score: 0.0 (level 3, threshold 6.0)",
            "X-CleanPort-Rules: none");
    }

    @Test
    void theBodyIsUntouched() throws Exception {
        FakeMail mail = mail(FORGED, "alice@example.test");

        mailet(null).service(mail);

        String written = new String(TestMails.bytes(mail.getMessage()), StandardCharsets.UTF_8);
        assertThat(written).endsWith("\r\n\r\nGrüße aus Köln\r\n.dot line\r\n");
    }

    @Test
    void aTaggedSpamStatesScoreLevelThresholdAndRules() throws Exception {
        FakeMail mail = mail(TestMails.RAW, "sensitive@example.test");
        MailVerdicts.record(mail, Category.VIRUS, Verdict.clean(List.of(RuleHit.of("MIME_DEPTH_LIMIT", 0, "the MIME tree is deeper than scanned", ""))));
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);
        MailTags.add(mail, Category.SPAM);

        mailet(null).service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(header(message, "X-CleanPort-Status")).isEqualTo("spam");
        assertThat(header(message, "X-CleanPort-Spam-Score")).isEqualTo("7.5 (level 5, threshold 4.0)");
        assertThat(header(message, "X-CleanPort-Rules")).isEqualTo("MIME_DEPTH_LIMIT, BAYES_99, URIBL_BLACK");
    }

    @Test
    void contentWinsTheStatusWhenBothStepsTagged() throws Exception {
        FakeMail mail = mail(TestMails.RAW, "alice@example.test");
        MailVerdicts.record(mail, Category.CONTENT, TestMails.CONTENT);
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);
        MailTags.add(mail, Category.CONTENT);
        MailTags.add(mail, Category.SPAM);

        mailet(null).service(mail);

        assertThat(header(mail.getMessage(), "X-CleanPort-Status")).isEqualTo("content");
        assertThat(header(mail.getMessage(), "X-CleanPort-Rules")).isEqualTo("ATTACHMENT_EXE, BAYES_99, URIBL_BLACK");
    }

    @Test
    void aBlockedSenderAddsSenderBlocklistedToTheRules() throws Exception {
        senders.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.BLOCK, SenderPattern.parse("@senders.test"));
        FakeMail mail = mail(TestMails.RAW, "alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean(List.of(RuleHit.of("BAYES_50", 0.8, "Bayesian spam probability is 40 to 60%", ""))));
        MailTags.add(mail, Category.SPAM);

        mailet(null).service(mail);

        assertThat(header(mail.getMessage(), "X-CleanPort-Spam-Score")).isEqualTo("0.8 (level 3, threshold 6.0)");
        assertThat(header(mail.getMessage(), "X-CleanPort-Rules")).isEqualTo("BAYES_50, SENDER_BLOCKLISTED");
    }

    @Test
    void theStatusParameterWinsForReleasedMail() throws Exception {
        FakeMail mail = mail(TestMails.RAW, "alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);

        mailet("released").service(mail);

        assertThat(header(mail.getMessage(), "X-CleanPort-Status")).isEqualTo("released");
    }

    @Test
    void thresholdsComeFromConfiguration() throws Exception {
        FakeMail mail = mail(TestMails.RAW, "alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean(List.of(RuleHit.of("BAYES_50", -0.04, "rounded to zero", ""))));

        mailet(SpamThresholds.of(12, 9, 7.25, 5, 4), null).service(mail);

        assertThat(header(mail.getMessage(), "X-CleanPort-Spam-Score")).isEqualTo("0.0 (level 3, threshold 7.3)");
    }

    @Test
    void aLongRuleListIsFolded() throws Exception {
        List<RuleHit> hits = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            hits.add(RuleHit.of("SOME_LONGER_RULE_NAME_" + i, 0.1, "a rule", ""));
        }
        FakeMail mail = mail(TestMails.RAW, "alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean(hits));

        mailet(null).service(mail);

        String written = new String(TestMails.bytes(mail.getMessage()), StandardCharsets.UTF_8);
        assertThat(written.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(javax.mail.internet.MimeUtility.unfold(header(mail.getMessage(), "X-CleanPort-Rules")))
            .startsWith("SOME_LONGER_RULE_NAME_0, SOME_LONGER_RULE_NAME_1, ")
            .endsWith(", SOME_LONGER_RULE_NAME_59");
    }

    @Test
    void anUnprotectedFirstRecipientGetsNoSpamScore() throws Exception {
        FakeMail mail = mail(TestMails.RAW, "someone@elsewhere.test");

        mailet(null).service(mail);

        assertThat(mail.getMessage().getHeader("X-CleanPort-Spam-Score")).isNull();
        assertThat(header(mail.getMessage(), "X-CleanPort-Status")).isEqualTo("clean");
    }

    @Test
    void stampingTwiceLeavesOneSetOfHeaders() throws Exception {
        FakeMail mail = mail(FORGED, "alice@example.test");

        mailet(null).service(mail);
        mailet(null).service(mail);

        assertThat(cleanPortHeaderLines(mail.getMessage())).hasSize(4);
    }

    @Test
    void aMailWithoutCleanPortIdFails() throws Exception {
        FakeMail mail = TestMails.mail(TestMails.RAW, "sender@senders.test", "alice@example.test");

        assertThatThrownBy(() -> mailet(null).service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("cleanport.id");
    }

    @Test
    void anUnknownStatusParameterFailsAtInit() {
        assertThatThrownBy(() -> mailet("delivered"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'status' is 'delivered'; expected one of clean, spam, content, released");
    }

    private static List<String> cleanPortHeaderLines(MimeMessage message) throws MessagingException {
        List<String> lines = new ArrayList<>();
        for (String line : java.util.Collections.list(message.getAllHeaderLines())) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-cleanport-")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
