package io.cleanport.core.senders;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cleanport.core.policy.DomainName;

/** A {@link SenderListStore} in memory, for tests of the code that reads sender lists. */
public final class InMemorySenderListStore implements SenderListStore {
    private final Map<SenderListScope, SenderLists> lists = new ConcurrentHashMap<>();
    private final int maxEntriesPerScope;

    public InMemorySenderListStore() {
        this(DEFAULT_MAX_ENTRIES_PER_SCOPE);
    }

    public InMemorySenderListStore(int maxEntriesPerScope) {
        this.maxEntriesPerScope = maxEntriesPerScope;
    }

    @Override
    public synchronized boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        SenderLists current = list(scope);
        if (current.kindOf(pattern).isEmpty() && current.size() >= maxEntriesPerScope) {
            throw new SenderListFullException(scope, maxEntriesPerScope);
        }
        SenderLists updated = current.with(kind, pattern);
        lists.put(scope, updated);
        return !updated.equals(current);
    }

    @Override
    public synchronized boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        SenderLists current = list(scope);
        SenderLists updated = current.without(kind, pattern);
        lists.put(scope, updated);
        return !updated.equals(current);
    }

    @Override
    public SenderLists list(SenderListScope scope) {
        return lists.getOrDefault(scope, SenderLists.empty());
    }

    @Override
    public synchronized int removeDomain(DomainName domain) {
        int removed = 0;
        for (SenderListScope scope : lists.keySet()) {
            if (scope.domainName().equals(domain)) {
                removed += lists.remove(scope).size();
            }
        }
        return removed;
    }
}
