package io.cleanport.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientIsProtectedTest {
    private InMemoryPolicyStore policies;
    private RecipientIsProtected matcher;

    @BeforeEach
    void setUp() throws Exception {
        policies = new InMemoryPolicyStore();
        policies.putDomain(DomainName.of("example.test"), DomainPolicy.defaults());
        matcher = new RecipientIsProtected(policies);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsProtected").build());
    }

    @Test
    void matchesOnlyTheRecipientsOfProtectedDomains() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail")
            .recipients("alice@example.test", "bob@Example.TEST", "carol@elsewhere.test")
            .build();

        assertThat(matcher.match(mail)).containsExactly(
            new MailAddress("alice@example.test"), new MailAddress("bob@Example.TEST"));
    }

    @Test
    void matchesNothingWhenNoRecipientIsProtected() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail").recipients("carol@elsewhere.test").build();

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void aDomainRemovedFromProtectionNoLongerMatches() throws Exception {
        policies.deleteDomain(DomainName.of("example.test"));
        FakeMail mail = FakeMail.builder().name("mail").recipients("alice@example.test").build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
