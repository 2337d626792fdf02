package io.cleanport.mailets;

import org.apache.mailet.base.test.FakeMailetConfig;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryPolicyStore;

/**
 * What the mailets of a filtering step ({@link FilteringStep}) read and count in, in memory: {@link #EXAMPLE}
 * protected with the default policy, no sender lists, nothing counted yet.
 */
final class StepStores {
    static final DomainName EXAMPLE = DomainName.of("example.test");

    final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    final InMemorySenderListStore senders = new InMemorySenderListStore();
    final InMemoryCounters counters = new InMemoryCounters();

    StepStores() {
        policies.putDomain(EXAMPLE, DomainPolicy.defaults());
    }

    /** The configuration of the mailet {@code mailetName} for the step {@code category}. */
    static FakeMailetConfig.Builder config(String mailetName, String category) {
        return FakeMailetConfig.builder().mailetName(mailetName).setProperty(FilteringStep.PARAMETER, category);
    }
}
