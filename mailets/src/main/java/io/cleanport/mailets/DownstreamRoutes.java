package io.cleanport.mailets;

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
class DownstreamRoutes extends MxView {
    private static final Logger LOGGER = LoggerFactory.getLogger(DownstreamRoutes.class);

    private final PolicyStore policies;

    DownstreamRoutes(PolicyStore policies, DNSService dns) {
        super(dns);
        this.policies = policies;
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
}
