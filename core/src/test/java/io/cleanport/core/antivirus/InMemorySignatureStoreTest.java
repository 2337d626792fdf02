package io.cleanport.core.antivirus;

import io.cleanport.core.testing.InMemorySignatureStore;

/** Keeps the test fixture honest: it passes the same contract as the real store. */
class InMemorySignatureStoreTest implements SignatureStoreContract {
    private final InMemorySignatureStore store = new InMemorySignatureStore();

    @Override
    public SignatureStore store() {
        return store;
    }

    @Override
    public SignatureStore reopenedStore() {
        return store;
    }
}
