package io.cleanport.core.policy;

import io.cleanport.core.testing.InMemoryPolicyStore;

/** Keeps the test fixture honest: it passes the same contract as the real stores. */
class InMemoryPolicyStoreTest implements PolicyStoreContract {
    private final InMemoryPolicyStore store = new InMemoryPolicyStore();

    @Override
    public PolicyStore store() {
        return store;
    }

    @Override
    public PolicyStore reopenedStore() {
        return store;
    }
}
