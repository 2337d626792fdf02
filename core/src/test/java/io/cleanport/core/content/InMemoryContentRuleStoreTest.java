package io.cleanport.core.content;

import io.cleanport.core.testing.InMemoryContentRuleStore;

/** Keeps the test fixture honest: it passes the same contract as the real stores. */
class InMemoryContentRuleStoreTest implements ContentRuleStoreContract {
    private final InMemoryContentRuleStore store = new InMemoryContentRuleStore(LIMIT);

    @Override
    public ContentRuleStore store() {
        return store;
    }

    @Override
    public ContentRuleStore reopenedStore() {
        return store;
    }
}
