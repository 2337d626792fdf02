package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientSizeLimitsTest {
    private InMemoryPolicyStore policies;
    private RecipientSizeLimits limits;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        policies.putDomain(DomainName.of("listed.test"), DomainPolicy.defaults().toBuilder().maxMessageSize(10_000).build());
        policies.putUser(DomainName.of("listed.test"), "alice", UserPolicy.empty());
        policies.putUser(DomainName.of("listed.test"), "tiny", UserPolicy.builder().maxMessageSize(3_000).build());
        policies.putDomain(DomainName.of("catchall.test"), DomainPolicy.defaults().toBuilder().catchAll(true).build());
        limits = new RecipientSizeLimits(policies);
    }

    @Test
    void aListedRecipientHasItsDomainsLimitUnlessItOverridesIt() {
        assertThat(limits.limitFor("alice", "listed.test")).isEqualTo(OptionalLong.of(10_000));
        assertThat(limits.limitFor("TINY", "Listed.Test")).isEqualTo(OptionalLong.of(3_000));
    }

    @Test
    void anyRecipientOfACatchAllDomainHasTheDomainsLimit() {
        assertThat(limits.limitFor("whoever", "catchall.test")).isEqualTo(OptionalLong.of(26_214_400));
    }

    @Test
    void unknownRecipientsAndUnprotectedDomainsHaveNoLimitOfTheirOwn() {
        assertThat(limits.limitFor("mallory", "listed.test")).isEmpty();
        assertThat(limits.limitFor("bob", "elsewhere.test")).isEmpty();
        assertThat(limits.limitFor("bob", "not a domain")).isEmpty();
    }

    @Test
    void aLocalPartThatCannotBeAPolicyKeyFallsBackToTheDomain() {
        assertThat(limits.limitFor("\"quoted local\"", "catchall.test")).isEqualTo(OptionalLong.of(26_214_400));
    }
}
