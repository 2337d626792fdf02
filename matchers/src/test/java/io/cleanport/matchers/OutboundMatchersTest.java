package io.cleanport.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class OutboundMatchersTest {
    private static final long ONE_MB = 1_048_576;

    private InMemoryPolicyStore policies;
    private OutboundSizeLimitExceeded size;
    private VirusFound virus;

    @BeforeEach
    void setUp() throws Exception {
        policies = new InMemoryPolicyStore();
        policies.putDomain(DomainName.of("customer.test"), DomainPolicy.defaults().toBuilder()
            .maxMessageSize(ONE_MB).relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());
        size = new OutboundSizeLimitExceeded(policies);
        size.init(FakeMatcherConfig.builder().matcherName("OutboundSizeLimitExceeded").build());
        virus = new VirusFound();
        virus.init(FakeMatcherConfig.builder().matcherName("VirusFound").build());
    }

    private static FakeMail mail(String client, String sender, long bytes) throws Exception {
        return FakeMail.builder().name("mail").sender(sender).recipients("partner@elsewhere.test", "other@far.test")
            .remoteAddr(client).size(bytes).build();
    }

    @Test
    void anOutboundMailOverItsCustomersLimitMatchesEveryRecipient() throws Exception {
        assertThat(size.match(mail("192.0.2.7", "bob@customer.test", ONE_MB + 1)))
            .containsExactly(new MailAddress("partner@elsewhere.test"), new MailAddress("other@far.test"));
        assertThat(size.match(mail("192.0.2.7", "bob@customer.test", ONE_MB))).isEmpty();
    }

    @Test
    void mailWithoutACustomerHasOnlyTheGlobalLimit() throws Exception {
        assertThat(size.match(mail("127.0.0.1", "bob@customer.test", 10 * ONE_MB))).isEmpty();
        assertThat(size.match(mail("192.0.2.7", "bob@other.test", 10 * ONE_MB))).isEmpty();
        assertThat(size.match(mail("not-an-address", "bob@customer.test", 10 * ONE_MB))).isEmpty();
    }

    @Test
    void aVirusVerdictMatchesEveryRecipientAndACleanOneNone() throws Exception {
        FakeMail infected = mail("192.0.2.7", "bob@customer.test", 100);
        MailVerdicts.record(infected, Category.VIRUS, Verdict.virus("EICAR-Test-File",
            List.of(RuleHit.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file", "attachment eicar.com"))));
        FakeMail clean = mail("192.0.2.7", "bob@customer.test", 100);
        MailVerdicts.record(clean, Category.VIRUS, Verdict.clean());

        assertThat(virus.match(infected)).hasSize(2);
        assertThat(virus.match(clean)).isEmpty();
        assertThat(virus.match(mail("192.0.2.7", "bob@customer.test", 100))).as("not scanned").isEmpty();
    }
}
