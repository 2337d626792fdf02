package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.testing.InMemoryContentRuleStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

class ContentFilterTest {
    private static final DomainName EXAMPLE = DomainName.of("example.test");

    private InMemoryContentRuleStore rules;
    private ContentFilter filter;
    private MailAddress alice;
    private MailAddress bob;
    private MailAddress other;

    @BeforeEach
    void setUp() throws Exception {
        rules = new InMemoryContentRuleStore();
        filter = new ContentFilter(rules, new ContentRuleEvaluator());
        alice = new MailAddress("alice@example.test");
        bob = new MailAddress("bob@example.test");
        other = new MailAddress("someone@other.test");
    }

    private static MessageContext message(String subject) {
        return MessageContext.builder()
            .envelopeSender("sender@outside.test")
            .fromAddresses(List.of("sender@outside.test"))
            .subject(subject)
            .size(2000)
            .facts(MessageFacts.empty())
            .header("Subject", subject)
            .build();
    }

    @Test
    void withoutRulesThereIsNothingToEvaluate() {
        assertThat(filter.hasRules(List.of(alice, other))).isFalse();
    }

    @Test
    void aDomainRuleConcernsEveryRecipientOfTheDomainAndAUserRuleOnlyThatUser() {
        ContentRule domainRule = rules.add(SenderListScope.domain(EXAMPLE), ContentRule.of(ContentRuleType.CONTENT, "lottery"));
        ContentRule bobsRule = rules.add(SenderListScope.user(EXAMPLE, "bob"), ContentRule.of(ContentRuleType.SIZE, "1000"));

        assertThat(filter.hasRules(List.of(other, alice))).isTrue();
        Map<MailAddress, Verdict> verdicts = filter.verdicts(List.of(alice, bob, other), message("Lottery results"));

        assertThat(verdicts.get(alice).ruleIds()).containsExactly("CF_" + domainRule.id().orElseThrow());
        assertThat(verdicts.get(bob).ruleIds()).containsExactly("CF_" + bobsRule.id().orElseThrow(), "CF_" + domainRule.id().orElseThrow());
        assertThat(verdicts.get(bob).category()).isEqualTo(Category.CONTENT);
        assertThat(verdicts.get(other).isClean()).isTrue();
    }

    @Test
    void aMessageThatHitsNoRuleIsCleanForEveryone() {
        rules.add(SenderListScope.domain(EXAMPLE), ContentRule.of(ContentRuleType.CONTENT, "lottery"));

        assertThat(filter.verdicts(List.of(alice, bob), message("Meeting notes")).values()).allMatch(Verdict::isClean);
    }

    @Test
    void ruleActionsAreLookedUpByTheIdTheHitNames() throws Exception {
        ContentRule deleting = rules.add(SenderListScope.user(EXAMPLE, "bob"),
            ContentRule.of(ContentRuleType.CONTENT, "lottery", Optional.of(FilterAction.DELETE), Optional.empty()));
        ContentRule plain = rules.add(SenderListScope.domain(EXAMPLE), ContentRule.of(ContentRuleType.SIZE, "10"));
        ContentRuleActions actions = new ContentRuleActions(rules);
        String deletingHit = "CF_" + deleting.id().orElseThrow();

        assertThat(actions.actionOf(bob, deletingHit)).contains(FilterAction.DELETE);
        assertThat(actions.actionOf(alice, deletingHit)).as("bob's rule is not alice's").isEmpty();
        assertThat(actions.actionOf(alice, "CF_" + plain.id().orElseThrow())).isEmpty();
        assertThat(actions.actionOf(bob, "BAYES_99")).isEmpty();
        rules.remove(SenderListScope.user(EXAMPLE, "bob"), deleting.id().orElseThrow());
        assertThat(actions.actionOf(bob, deletingHit)).as("a deleted rule leaves the policy to decide").isEmpty();
    }
}
