package io.cleanport.core.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UnknownDomainException;
import io.cleanport.core.policy.UserPolicy;

/** A {@link PolicyStore} in memory, for tests of the code that reads policies. */
public final class InMemoryPolicyStore implements PolicyStore {
    private final Map<DomainName, DomainPolicy> domains = new ConcurrentSkipListMap<>();
    private final Map<DomainName, Map<String, UserPolicy>> users = new ConcurrentSkipListMap<>();

    @Override
    public synchronized void putDomain(DomainName domain, DomainPolicy policy) {
        domains.put(domain, policy);
    }

    @Override
    public Optional<DomainPolicy> domain(DomainName domain) {
        return Optional.ofNullable(domains.get(domain));
    }

    @Override
    public List<DomainName> domains() {
        return List.copyOf(domains.keySet());
    }

    @Override
    public synchronized boolean deleteDomain(DomainName domain) {
        users.remove(domain);
        return domains.remove(domain) != null;
    }

    @Override
    public synchronized void putUser(DomainName domain, String localPart, UserPolicy policy) {
        String local = LocalPart.of(localPart).value();
        if (!domains.containsKey(domain)) {
            throw new UnknownDomainException(domain);
        }
        users.computeIfAbsent(domain, d -> new ConcurrentSkipListMap<>()).put(local, policy);
    }

    @Override
    public Optional<UserPolicy> user(DomainName domain, String localPart) {
        String local = LocalPart.of(localPart).value();
        return Optional.ofNullable(users.getOrDefault(domain, Map.of()).get(local));
    }

    @Override
    public Map<String, UserPolicy> users(DomainName domain) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(users.getOrDefault(domain, Map.of())));
    }

    @Override
    public synchronized boolean deleteUser(DomainName domain, String localPart) {
        String local = LocalPart.of(localPart).value();
        return users.getOrDefault(domain, new TreeMap<>()).remove(local) != null;
    }

    @Override
    public List<Cidr> relayNetworks() {
        return domains.values().stream().flatMap(policy -> policy.relayNetworks().stream()).distinct().toList();
    }
}
