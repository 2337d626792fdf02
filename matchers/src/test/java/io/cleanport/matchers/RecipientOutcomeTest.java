package io.cleanport.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.policy.Actions;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.policy.VirusAction;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class RecipientOutcomeTest {
    private static final DomainName EXAMPLE = DomainName.of("example.test");
    private static final Verdict VIRUS = Verdict.virus("EICAR-Test-File",
        List.of(RuleHit.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file", "attachment eicar.com")));
    private static final Verdict SPAM = Verdict.spam(List.of(RuleHit.of("BAYES_99", 7.5, "Bayesian spam probability is 99 to 100%", "")));
    private static final Verdict CONTENT = Verdict.content(List.of(RuleHit.of("ATTACHMENT_EXE", 1, "executable attachment", "setup.exe")));

    private InMemoryPolicyStore policies;
    private InMemorySenderListStore senders;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        senders = new InMemorySenderListStore();
        // the domain quarantines everything; its users choose otherwise
        policies.putDomain(EXAMPLE, DomainPolicy.defaults());
        policies.putUser(EXAMPLE, "alice", UserPolicy.empty());
        policies.putUser(EXAMPLE, "bob", UserPolicy.builder().spamAction(FilterAction.TAG).contentAction(FilterAction.TAG).build());
        policies.putUser(EXAMPLE, "carol", UserPolicy.builder().spamAction(FilterAction.DELETE).virusAction(VirusAction.DELETE).build());
        policies.putDomain(DomainName.of("deleting.test"), DomainPolicy.defaults().toBuilder()
            .actions(Actions.of(VirusAction.DELETE, FilterAction.DELETE, FilterAction.DELETE)).build());
    }

    private RecipientOutcome matcher(String condition) throws MessagingException {
        RecipientOutcome matcher = new RecipientOutcome(policies, senders);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientOutcome").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(String from, String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail").sender("sender@senders.test").recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom(from).setSubject("offer").setText("body"))
            .build();
    }

    private static List<MailAddress> addresses(String... addresses) throws Exception {
        List<MailAddress> list = new java.util.ArrayList<>();
        for (String address : addresses) {
            list.add(new MailAddress(address));
        }
        return list;
    }

    @Test
    void eachRecipientMatchesTheOutcomeOfItsOwnPolicy() throws Exception {
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "bob@example.test", "carol@example.test");
        MailVerdicts.record(mail, Category.SPAM, SPAM);

        assertThat(matcher("spam:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test"));
        assertThat(matcher("spam:tag").match(mail)).containsExactlyElementsOf(addresses("bob@example.test"));
        assertThat(matcher("spam:delete").match(mail)).containsExactlyElementsOf(addresses("carol@example.test"));
    }

    @Test
    void aBorderlineScoreIsSpamOnlyForRecipientsWhoseLevelIsSensitiveEnough() throws Exception {
        policies.putUser(EXAMPLE, "lenient", UserPolicy.builder().spamLevel(2).build());
        policies.putUser(EXAMPLE, "strict", UserPolicy.builder().spamLevel(4).build());
        policies.putUser(EXAMPLE, "strictest", UserPolicy.builder().spamLevel(5).build());
        FakeMail mail = mail("sender@senders.test", "lenient@example.test", "alice@example.test", "strict@example.test",
            "strictest@example.test");
        // 5.5 of ordinary rules (level 3 threshold 6, level 4 threshold 5) and a "badly composed" rule for level 5
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean(List.of(
            RuleHit.of("BAYES_80", 5.5, "Bayesian spam probability is 80 to 95%", ""),
            RuleHit.of("COMPOSITION_BARE_LF", 1.0, "Lines end in a bare LF", "3 lines"))));

        assertThat(matcher("spam:quarantine").match(mail))
            .containsExactlyElementsOf(addresses("strict@example.test", "strictest@example.test"));
    }

    @Test
    void aScoreBelowEveryThresholdIsNeverSpam() throws Exception {
        policies.putUser(EXAMPLE, "strictest", UserPolicy.builder().spamLevel(5).build());
        FakeMail mail = mail("sender@senders.test", "strictest@example.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean(List.of(RuleHit.of("BAYES_50", 0.5, "Bayesian spam probability is 40 to 60%", ""))));

        assertThat(matcher("spam:quarantine").match(mail)).isEmpty();
    }

    @Test
    void virusOutcomesFollowTheVirusAction() throws Exception {
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "bob@example.test", "carol@example.test", "dan@deleting.test");
        MailVerdicts.record(mail, Category.VIRUS, VIRUS);

        assertThat(matcher("virus:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test", "bob@example.test"));
        assertThat(matcher("virus:delete").match(mail)).containsExactlyElementsOf(addresses("carol@example.test", "dan@deleting.test"));
        assertThat(matcher("spam:quarantine").match(mail)).isEmpty();
    }

    @Test
    void contentOutcomesFollowTheContentAction() throws Exception {
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "bob@example.test");
        MailVerdicts.record(mail, Category.CONTENT, CONTENT);

        assertThat(matcher("content:tag").match(mail)).containsExactlyElementsOf(addresses("bob@example.test"));
        assertThat(matcher("content:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test"));
    }

    @Test
    void anAllowedSenderSkipsTheSpamStepButNotTheAntivirus() throws Exception {
        senders.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.ALLOW, SenderPattern.parse("@senders.test"));
        FakeMail mail = mail("sender@senders.test", "alice@example.test");
        MailVerdicts.record(mail, Category.SPAM, SPAM);
        MailVerdicts.record(mail, Category.VIRUS, VIRUS);

        assertThat(matcher("spam:quarantine").match(mail)).isEmpty();
        assertThat(matcher("virus:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test"));
    }

    @Test
    void theAllowListOfOneRecipientDoesNotSpareTheOthers() throws Exception {
        senders.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.ALLOW, SenderPattern.parse("sender@senders.test"));
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "dora@example.test");
        MailVerdicts.record(mail, Category.SPAM, SPAM);

        assertThat(matcher("spam:quarantine").match(mail)).containsExactlyElementsOf(addresses("dora@example.test"));
    }

    @Test
    void aBlockedEnvelopeSenderIsSpamEvenWhenTheSpamStepFoundNothing() throws Exception {
        senders.add(SenderListScope.domain(EXAMPLE), ListKind.BLOCK, SenderPattern.parse("@senders.test"));
        FakeMail mail = mail("someone@elsewhere.test", "alice@example.test", "bob@example.test");
        MailVerdicts.record(mail, Category.SPAM, Verdict.clean());

        assertThat(matcher("spam:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test"));
        assertThat(matcher("spam:tag").match(mail)).containsExactlyElementsOf(addresses("bob@example.test"));
    }

    @Test
    void aBlockedHeaderFromIsSpamBeforeTheSpamStepRan() throws Exception {
        senders.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.BLOCK, SenderPattern.parse("billing@bank.test"));
        FakeMail mail = FakeMail.builder().name("mail").sender("bounce@mailer.test").recipients("alice@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("From", "Bank <<billing@bank.test> (")
                .setSubject("your account").setText("body"))
            .build();

        assertThat(matcher("spam:quarantine").match(mail)).containsExactlyElementsOf(addresses("alice@example.test"));
    }

    @Test
    void cleanOrMissingVerdictsMatchNobody() throws Exception {
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "bob@example.test");
        assertThat(matcher("virus:quarantine").match(mail)).isEmpty();

        MailVerdicts.record(mail, Category.VIRUS, Verdict.clean());
        assertThat(matcher("virus:quarantine").match(mail)).isEmpty();
    }

    @Test
    void recipientsOfUnprotectedDomainsNeverMatch() throws Exception {
        FakeMail mail = mail("sender@senders.test", "someone@elsewhere.test");
        MailVerdicts.record(mail, Category.VIRUS, VIRUS);
        MailVerdicts.record(mail, Category.SPAM, SPAM);

        for (String condition : List.of("virus:quarantine", "virus:delete", "spam:quarantine", "spam:delete", "spam:tag")) {
            assertThat(matcher(condition).match(mail)).as(condition).isEmpty();
        }
    }

    @Test
    void invalidConditionsFailAtInitNamingTheBadPart() {
        assertThatThrownBy(() -> matcher("virus:tag"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'virus:tag'")
            .hasMessageContaining("outcome 'tag' is not possible for the virus step");
        assertThatThrownBy(() -> matcher("spma:tag")).isInstanceOf(MessagingException.class).hasMessageContaining("step 'spma'");
        assertThatThrownBy(() -> matcher("spam:reject")).isInstanceOf(MessagingException.class).hasMessageContaining("outcome 'reject'");
        assertThatThrownBy(() -> matcher("spam")).isInstanceOf(MessagingException.class).hasMessageContaining("<step>:<outcome>");
        assertThatThrownBy(() -> matcher(null)).isInstanceOf(MessagingException.class).hasMessageContaining("no condition");
    }

    @Test
    void aContentVerdictRecordedPerRecipientConcernsThatRecipientOnly() throws Exception {
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "dave@example.test");
        policies.putUser(EXAMPLE, "dave", UserPolicy.empty());
        MailVerdicts.recordPerRecipient(mail, Category.CONTENT, java.util.Map.of(
            new MailAddress("alice@example.test"), CONTENT,
            new MailAddress("dave@example.test"), Verdict.clean()));

        assertThat(matcher("content:quarantine").match(mail)).containsExactly(new MailAddress("alice@example.test"));
    }

    @Test
    void aRulesOwnActionOverridesThePolicyAndTheStrongestActionWins() throws Exception {
        Verdict twoRules = Verdict.content(List.of(
            RuleHit.of("CF_TAGGING", 1, "content rule: tags", "subject"),
            RuleHit.of("CF_DELETING", 1, "content rule: deletes", "attachment")));
        io.cleanport.core.pipeline.RuleActions actions = (recipient, ruleId) -> switch (ruleId) {
            case "CF_TAGGING" -> java.util.Optional.of(FilterAction.TAG);
            case "CF_DELETING" -> recipient.getLocalPart().equals("alice")
                ? java.util.Optional.of(FilterAction.DELETE) : java.util.Optional.empty();
            default -> java.util.Optional.empty();
        };
        FakeMail mail = mail("sender@senders.test", "alice@example.test", "bob@example.test");
        MailVerdicts.record(mail, Category.CONTENT, twoRules);
        RecipientOutcome delete = new RecipientOutcome(policies, senders, actions);
        delete.init(FakeMatcherConfig.builder().matcherName("RecipientOutcome").condition("content:delete").build());
        RecipientOutcome tag = new RecipientOutcome(policies, senders, actions);
        tag.init(FakeMatcherConfig.builder().matcherName("RecipientOutcome").condition("content:tag").build());

        // alice: delete beats tag; bob: only the tagging rule has an action of its own
        assertThat(delete.match(mail)).containsExactly(new MailAddress("alice@example.test"));
        assertThat(tag.match(mail)).containsExactly(new MailAddress("bob@example.test"));
    }
}
