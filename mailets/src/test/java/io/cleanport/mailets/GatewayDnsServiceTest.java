package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.testing.DnsResponder;

class GatewayDnsServiceTest {
    /** James's own service: only the local host and reverse lookups may reach it. */
    private static final DNSService SERVER = (DNSService) Proxy.newProxyInstance(DNSService.class.getClassLoader(),
        new Class<?>[] {DNSService.class}, (proxy, method, args) -> {
            throw new AssertionError("James's DNS service asked " + method.getName());
        });

    private DnsResponder responder;
    private GatewayDnsService dns;

    @BeforeEach
    void setUp() throws Exception {
        responder = DnsResponder.start();
        DnsSettings settings = DnsSettings.defaults().withServers(List.of(responder.address()))
            .withTimeout(Duration.ofMillis(500)).withCacheSize(0);
        dns = new GatewayDnsService(new GatewayResolver(settings), SERVER);
    }

    @AfterEach
    void tearDown() {
        responder.close();
    }

    @Test
    void mxHostsComeByPreference() throws Exception {
        responder.mx("partner.test", 20, "backup.partner.test").mx("partner.test", 10, "mx.partner.test");

        assertThat(dns.findMXRecords("partner.test")).containsExactly("mx.partner.test", "backup.partner.test");
    }

    @Test
    void equalPreferencesAreAllKept() throws Exception {
        responder.mx("partner.test", 10, "a.partner.test").mx("partner.test", 10, "b.partner.test")
            .mx("partner.test", 30, "c.partner.test");

        List<String> hosts = List.copyOf(dns.findMXRecords("partner.test"));
        assertThat(hosts.subList(0, 2)).containsExactlyInAnyOrder("a.partner.test", "b.partner.test");
        assertThat(hosts.get(2)).isEqualTo("c.partner.test");
    }

    @Test
    void aDomainWithoutMxIsItsOwnMailHostWhenItHasAnAddress() throws Exception {
        responder.a("plain.test", "192.0.2.7");

        assertThat(dns.findMXRecords("plain.test")).containsExactly("plain.test");
    }

    @Test
    void aDomainThatDoesNotExistOrRefusesMailHasNoMailHost() throws Exception {
        responder.nxdomain("gone.test").nullMx("nomail.test");

        assertThat(dns.findMXRecords("gone.test")).isEmpty();
        assertThat(dns.findMXRecords("nomail.test")).isEmpty();
    }

    @Test
    void aDnsFailureIsTemporary() {
        responder.servfail("broken.test");

        assertThatThrownBy(() -> dns.findMXRecords("broken.test")).isInstanceOf(TemporaryResolutionException.class);
    }

    @Test
    void addressesComeFromTheGatewayResolver() throws Exception {
        responder.a("mx.partner.test", "192.0.2.25");

        assertThat(dns.getAllByName("mx.partner.test")).containsExactly(InetAddress.getByName("192.0.2.25"));
        assertThat(dns.getByName("mx.partner.test")).isEqualTo(InetAddress.getByName("192.0.2.25"));
        assertThatThrownBy(() -> dns.getByName("unknown.partner.test")).isInstanceOf(java.net.UnknownHostException.class);
    }
}
