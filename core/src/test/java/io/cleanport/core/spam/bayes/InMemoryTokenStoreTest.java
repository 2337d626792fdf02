package io.cleanport.core.spam.bayes;

import io.cleanport.core.testing.MutableClock;

/** Keeps the test fixture honest: it passes the same contract as the real store. */
class InMemoryTokenStoreTest implements TokenStoreContract {
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryTokenStore store = new InMemoryTokenStore(clock);

    @Override
    public TokenStore store() {
        return store;
    }

    @Override
    public TokenStore reopenedStore() {
        return store;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }
}
