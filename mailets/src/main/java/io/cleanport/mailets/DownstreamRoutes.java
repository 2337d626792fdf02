package io.cleanport.mailets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Downstream;
import io.cleanport.core.policy.PolicyStore;

/**
 * A DNS view for delivery: the "MX records" of a protected domain are its policy's downstream hosts
 * ({@code host:port}, in the policy's order); every other question goes to real DNS.
 *
 * <p>A protected domain without downstream hosts is a temporary failure, so its mail waits in the queue
 * (and is retried on the normal schedule) until an administrator sets a route; it is never sent to the
 * domain's public MX, which points back at the gateway.
 */
class DownstreamRoutes implements DNSService {
    private static final Logger LOGGER = LoggerFactory.getLogger(DownstreamRoutes.class);

    private final PolicyStore policies;
    private final DNSService dns;

    DownstreamRoutes(PolicyStore policies, DNSService dns) {
        this.policies = policies;
        this.dns = dns;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        Optional<DomainPolicy> policy = DomainName.parse(hostname).flatMap(policies::domain);
        if (policy.isEmpty()) {
            return dns.findMXRecords(hostname);
        }
        List<Downstream> downstream = policy.get().downstream();
        if (downstream.isEmpty()) {
            LOGGER.warn("Protected domain {} has no downstream server in its policy: its mail waits in the queue", hostname);
            throw new TemporaryResolutionException("No downstream server configured for protected domain " + hostname);
        }
        return downstream.stream()
            .map(server -> server.host() + ":" + server.port())
            .collect(ImmutableList.toImmutableList());
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return dns.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
