package io.cleanport.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientSpamLevelTest {
    private InMemoryPolicyStore policies;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        DomainName example = DomainName.of("example.test");
        policies.putDomain(example, DomainPolicy.defaults());
        policies.putUser(example, "alice", UserPolicy.builder().spamLevel(5).build());
        policies.putUser(example, "bob", UserPolicy.empty());
        policies.putDomain(DomainName.of("lenient.test"), DomainPolicy.defaults().toBuilder().spamLevel(1).build());
    }

    private RecipientSpamLevel matcher(String condition) throws MessagingException {
        RecipientSpamLevel matcher = new RecipientSpamLevel(policies);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientSpamLevel").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail() throws MessagingException {
        return FakeMail.builder().name("mail")
            .recipients("alice@example.test", "bob@example.test", "carol@example.test", "dan@lenient.test", "eve@elsewhere.test")
            .build();
    }

    @Test
    void matchesTheRecipientsOfThatEffectiveLevel() throws Exception {
        assertThat(matcher("3").match(mail())).containsExactly(
            new MailAddress("bob@example.test"), new MailAddress("carol@example.test"));
        assertThat(matcher("5").match(mail())).containsExactly(new MailAddress("alice@example.test"));
        assertThat(matcher(" 1 ").match(mail())).containsExactly(new MailAddress("dan@lenient.test"));
        assertThat(matcher("2").match(mail())).isEmpty();
    }

    @Test
    void recipientsOfUnprotectedDomainsMatchNoLevel() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").recipients("eve@elsewhere.test").build();

        for (int level = 1; level <= 5; level++) {
            assertThat(matcher(String.valueOf(level)).match(mail)).isEmpty();
        }
    }

    @Test
    void aConditionOutsideOneToFiveFailsAtInit() {
        for (String condition : new String[] {"0", "6", "three", "3.0", "", "-1", "33"}) {
            assertThatThrownBy(() -> matcher(condition))
                .as(condition)
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("RecipientSpamLevel condition '" + condition + "'")
                .hasMessageContaining("from 1 to 5");
        }
        assertThatThrownBy(() -> matcher(null)).isInstanceOf(MessagingException.class);
    }
}
