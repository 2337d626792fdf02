package io.cleanport.core.spam.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.spam.dns.DnsBlocklists.Zone;
import io.cleanport.core.testing.DnsResponder;
import io.cleanport.core.verdict.RuleHit;

class DnsBlocklistsTest {
    private static final InetAddress CLIENT = InetAddresses.forString("198.51.100.7");
    private static final String QUERY = "7.100.51.198.zen.example";
    private static final Zone ZEN = new Zone("zen.example", 4.5);

    private DnsResponder dns;
    private DnsBlocklists blocklists;

    @BeforeEach
    void start() throws Exception {
        dns = DnsResponder.start();
        GatewayResolver resolver = new GatewayResolver(DnsSettings.defaults().withServers(List.of(dns.address()))
            .withTimeout(Duration.ofSeconds(2)).withCacheSize(0));
        blocklists = new DnsBlocklists(resolver, List.of(ZEN));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aListedClientHitsTheZonesRuleWithItsReturnCode() {
        dns.a(QUERY, "127.0.0.2").a(QUERY, "127.0.0.10");

        assertThat(blocklists.check(CLIENT)).containsExactly(RuleHit.of("DNSBL_ZEN_EXAMPLE", 4.5,
            "The client's address is listed in the DNS blocklist zen.example",
            "198.51.100.7 listed in zen.example (127.0.0.2, 127.0.0.10)"));
    }

    @Test
    void nxdomainIsNotListed() {
        assertThat(blocklists.check(CLIENT)).isEmpty();
        assertThat(dns.queries(QUERY)).isEqualTo(1);
    }

    @Test
    void aTimeoutIsAFindingThatWeighsNothing() {
        dns.drop(QUERY);

        List<RuleHit> hits = blocklists.check(CLIENT);

        assertThat(hits).extracting(RuleHit::ruleId).containsExactly("DNSBL_UNANSWERED");
        assertThat(hits.get(0).score()).isZero();
        assertThat(hits.get(0).evidence()).startsWith("dnsbl zen.example timed out or failed: ");
    }

    @Test
    void refusalCodesAndForeignAnswersAreNotListings() {
        dns.a(QUERY, "127.255.255.254").a("8.100.51.198.zen.example", "192.0.2.80");

        assertThat(blocklists.check(CLIENT)).extracting(RuleHit::ruleId, RuleHit::evidence)
            .containsExactly(tuple("DNSBL_REFUSED", "dnsbl zen.example answered 127.255.255.254, not a listing"));
        assertThat(blocklists.check(InetAddresses.forString("198.51.100.8"))).extracting(RuleHit::ruleId).containsExactly("DNSBL_REFUSED");
    }

    @Test
    void ipv6ClientsAreAskedByReversedNibbles() {
        String name = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.example";
        dns.a(name, "127.0.0.3");
        InetAddress client = InetAddresses.forString("2001:db8::1");

        assertThat(DnsBlocklists.queryName(client, "zen.example")).isEqualTo(name);
        assertThat(blocklists.check(client)).extracting(RuleHit::evidence)
            .containsExactly("2001:db8:0:0:0:0:0:1 listed in zen.example (127.0.0.3)");
    }

    @Test
    void nonPublicClientsAreNotAsked() {
        for (String address : List.of("127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1", "::1", "fd00::1",
            "fe80::1")) {
            assertThat(blocklists.check(InetAddresses.forString(address))).as(address).isEmpty();
        }
        assertThat(dns.queries("2.0.0.127.zen.example")).isZero();
        assertThat(dns.queries("3.2.1.10.zen.example")).isZero();
    }

    @Test
    void zonesAreReadWithOptionalScores() {
        assertThat(DnsBlocklists.parseZones(" zen.example=4.5, BL.Example. ,,")).containsExactly(ZEN, new Zone("bl.example", 3.0));
        assertThat(DnsBlocklists.parseZones("")).isEmpty();
        assertThat(new Zone("b.barracuda-central.example", 1).rule().id()).isEqualTo("DNSBL_B_BARRACUDA_CENTRAL_EXAMPLE");
        assertThatThrownBy(() -> DnsBlocklists.parseZones("zen.example=lots"))
            .hasMessageStartingWith("spam.dnsbl.zones: 'zen.example=lots' is not a zone");
        assertThatThrownBy(() -> DnsBlocklists.parseZones("not a zone")).hasMessageStartingWith("spam.dnsbl.zones: 'not a zone'");
        List<Zone> twice = DnsBlocklists.parseZones("a.example,A.example");
        assertThatThrownBy(() -> new DnsBlocklists(new GatewayResolver(DnsSettings.defaults()), twice))
            .hasMessageStartingWith("spam.dnsbl.zones: a.example is listed twice");
    }
}
