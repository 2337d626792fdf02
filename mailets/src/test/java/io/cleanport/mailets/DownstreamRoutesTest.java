package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Downstream;
import io.cleanport.core.testing.InMemoryPolicyStore;

class DownstreamRoutesTest {
    /** Real DNS stand-in: answers one MX for every name, so a test sees when it was asked. */
    private static final class RecordingDns implements DNSService {
        @Override
        public Collection<String> findMXRecords(String hostname) {
            return List.of("mx.of." + hostname);
        }

        @Override
        public Collection<String> findTXTRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) {
            return List.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public InetAddress getByName(String host) {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalHost() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String getHostName(InetAddress addr) {
            return "localhost";
        }
    }

    private InMemoryPolicyStore policies;
    private DownstreamRoutes routes;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        routes = new DownstreamRoutes(policies, new RecordingDns());
    }

    @Test
    void aProtectedDomainIsRoutedToItsDownstreamHostsInOrder() throws Exception {
        policies.putDomain(DomainName.of("example.test"), DomainPolicy.defaults().toBuilder()
            .downstream(List.of(Downstream.of("mail.example.test", 2525), Downstream.of("192.0.2.7")))
            .build());

        assertThat(routes.findMXRecords("Example.TEST"))
            .containsExactly("mail.example.test:2525", "192.0.2.7:25");
    }

    @Test
    void otherDomainsAskRealDns() throws Exception {
        assertThat(routes.findMXRecords("elsewhere.test")).containsExactly("mx.of.elsewhere.test");
    }

    @Test
    void aProtectedDomainWithoutDownstreamWaitsInsteadOfGoingToItsPublicMx() {
        policies.putDomain(DomainName.of("example.test"), DomainPolicy.defaults());

        assertThatThrownBy(() -> routes.findMXRecords("example.test"))
            .isInstanceOf(TemporaryResolutionException.class)
            .hasMessageContaining("example.test");
    }
}
