package io.cleanport.core.senders;

/** Keeps the test fixture honest: it passes the same contract as the real stores. */
class InMemorySenderListStoreTest implements SenderListStoreContract {
    private final InMemorySenderListStore store = new InMemorySenderListStore(LIMIT);

    @Override
    public SenderListStore store() {
        return store;
    }

    @Override
    public SenderListStore reopenedStore() {
        return store;
    }
}
