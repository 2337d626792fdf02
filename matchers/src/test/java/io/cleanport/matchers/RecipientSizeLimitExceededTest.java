package io.cleanport.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientSizeLimitExceededTest {
    private static final long ONE_MB = 1_048_576;

    private InMemoryPolicyStore policies;
    private RecipientSizeLimitExceeded matcher;

    @BeforeEach
    void setUp() throws Exception {
        policies = new InMemoryPolicyStore();
        DomainName small = DomainName.of("small.test");
        policies.putDomain(small, DomainPolicy.defaults().toBuilder().maxMessageSize(2 * ONE_MB).build());
        policies.putUser(small, "alice", UserPolicy.empty());
        policies.putUser(small, "tiny", UserPolicy.builder().maxMessageSize(ONE_MB).build());
        policies.putUser(small, "big", UserPolicy.builder().maxMessageSize(10 * ONE_MB).build());
        policies.putDomain(DomainName.of("large.test"), DomainPolicy.defaults().toBuilder().catchAll(true).build());
        matcher = new RecipientSizeLimitExceeded(policies);
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientSizeLimitExceeded").build());
    }

    private static FakeMail mail(long size, String... recipients) throws Exception {
        return FakeMail.builder().name("mail").recipients(recipients).size(size).build();
    }

    @Test
    void matchesTheRecipientsWhoseLimitTheMailExceeds() throws Exception {
        FakeMail mail = mail(3 * ONE_MB,
            "alice@small.test", "Tiny@Small.TEST", "big@small.test", "carol@large.test");

        assertThat(matcher.match(mail)).containsExactly(
            new MailAddress("alice@small.test"), new MailAddress("Tiny@Small.TEST"));
    }

    @Test
    void aUsersOwnLimitReplacesItsDomains() throws Exception {
        FakeMail mail = mail(3 * ONE_MB / 2, "alice@small.test", "tiny@small.test");

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("tiny@small.test"));
    }

    @Test
    void aMailOfExactlyTheLimitIsWithinIt() throws Exception {
        assertThat(matcher.match(mail(ONE_MB, "tiny@small.test"))).isEmpty();
        assertThat(matcher.match(mail(ONE_MB + 1, "tiny@small.test"))).containsExactly(new MailAddress("tiny@small.test"));
    }

    @Test
    void neverMatchesARecipientOfAnUnprotectedDomain() throws Exception {
        assertThat(matcher.match(mail(25 * ONE_MB, "someone@elsewhere.test"))).isEmpty();
    }

    @Test
    void aLoweredLimitAppliesToTheNextMail() throws Exception {
        policies.putDomain(DomainName.of("large.test"), DomainPolicy.defaults().toBuilder().catchAll(true).maxMessageSize(ONE_MB).build());

        assertThat(matcher.match(mail(2 * ONE_MB, "carol@large.test"))).containsExactly(new MailAddress("carol@large.test"));
    }
}
