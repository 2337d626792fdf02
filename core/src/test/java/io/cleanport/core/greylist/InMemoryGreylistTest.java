package io.cleanport.core.greylist;

import io.cleanport.core.testing.InMemoryGreylistStore;

/** The engine over the in-memory store, and the fixture held to the same contract as the real store. */
class InMemoryGreylistTest implements GreylistStoreContract, GreylistContract {
    private final InMemoryGreylistStore store = new InMemoryGreylistStore();

    @Override
    public GreylistStore store() {
        return store;
    }

    @Override
    public GreylistStore otherNode() {
        return store;
    }
}
