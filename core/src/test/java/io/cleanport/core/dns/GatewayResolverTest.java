package io.cleanport.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.DnsResponder;

class GatewayResolverTest {
    private DnsResponder dns;
    private DnsSettings settings;
    private GatewayResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = DnsResponder.start();
        settings = DnsSettings.defaults().withServers(List.of(dns.address())).withTimeout(Duration.ofMillis(300));
        resolver = new GatewayResolver(settings);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void mxRecordsComeByPreferenceThenHost() {
        dns.mx("example.com", 20, "backup.example.net")
            .mx("example.com", 10, "Mail.Example.com")
            .mx("example.com", 10, "a.example.net");

        MxAnswer answer = resolver.mx("Example.COM.");

        assertThat(answer.kind()).isEqualTo(MxAnswer.Kind.RECORDS);
        assertThat(answer.records()).containsExactly(MxRecord.of("a.example.net", 10), MxRecord.of("mail.example.com", 10),
            MxRecord.of("backup.example.net", 20));
        assertThat(answer.isNullMx()).isFalse();
        assertThat(answer.failure()).isEmpty();
    }

    @Test
    void aDomainWithoutMxHasNoRecords() {
        dns.a("example.com", "192.0.2.1");

        assertThat(resolver.mx("example.com")).isEqualTo(MxAnswer.noRecords());
    }

    @Test
    void anUnknownDomainIsNxdomain() {
        assertThat(resolver.mx("nowhere.example")).isEqualTo(MxAnswer.nxdomain());
    }

    @Test
    void aNullMxIsOneRecordWithAnEmptyHost() {
        dns.nullMx("example.com");

        MxAnswer answer = resolver.mx("example.com");

        assertThat(answer.kind()).isEqualTo(MxAnswer.Kind.RECORDS);
        assertThat(answer.isNullMx()).isTrue();
        assertThat(answer.records()).containsExactly(MxRecord.of("", 0));
    }

    @Test
    void anUnansweredMxLookupIsAFailureNotAnAnswer() {
        dns.drop("example.com");

        MxAnswer answer = resolver.mx("example.com");

        assertThat(answer.kind()).isEqualTo(MxAnswer.Kind.FAILURE);
        assertThat(answer.failure()).hasValueSatisfying(reason ->
            assertThat(reason).startsWith("DNS lookup of example.com MX timed out or failed: "));
        assertThat(dns.queries("example.com")).isPositive();
    }

    @Test
    void servfailIsAFailure() {
        dns.mx("example.com", 10, "mx.example.com").servfail("example.com");

        MxAnswer answer = resolver.mx("example.com");

        assertThat(answer.kind()).isEqualTo(MxAnswer.Kind.FAILURE);
        assertThat(answer.failure()).hasValue("DNS lookup of example.com MX timed out or failed: SERVFAIL");
    }

    @Test
    void addressesAreIpv4First() throws Exception {
        dns.aaaa("mail.example.com", "2001:db8::25")
            .a("mail.example.com", "192.0.2.25")
            .a("mail.example.com", "192.0.2.26");

        List<InetAddress> addresses = resolver.addresses("mail.example.com");

        assertThat(addresses).extracting(InetAddress::getHostAddress)
            .containsExactly("192.0.2.25", "192.0.2.26", "2001:db8:0:0:0:0:0:25");
        assertThat(addresses.get(0)).isInstanceOf(Inet4Address.class);
        assertThat(addresses.get(2)).isInstanceOf(Inet6Address.class);
    }

    @Test
    void anIpv6OnlyHostHasItsIpv6Addresses() throws Exception {
        dns.aaaa("mail.example.com", "2001:db8::25");

        assertThat(resolver.addresses("mail.example.com")).extracting(InetAddress::getHostAddress)
            .containsExactly("2001:db8:0:0:0:0:0:25");
    }

    @Test
    void anIpLiteralIsItsOwnAddress() throws Exception {
        assertThat(resolver.addresses("192.0.2.7")).containsExactly(InetAddress.getByName("192.0.2.7"));
        assertThat(resolver.addresses("[2001:db8::7]")).containsExactly(InetAddress.getByName("2001:db8::7"));
        assertThat(dns.queries("192.0.2.7")).isZero();
    }

    @Test
    void anUnknownHostIsUnknown() {
        assertThatThrownBy(() -> resolver.addresses("nowhere.example"))
            .isInstanceOf(UnknownHostException.class)
            .hasMessage("nowhere.example does not exist in DNS (NXDOMAIN)");
    }

    @Test
    void aHostWithoutAddressesIsUnknown() {
        dns.mx("example.com", 10, "mx.example.com");

        assertThatThrownBy(() -> resolver.addresses("example.com"))
            .isInstanceOf(UnknownHostException.class)
            .hasMessage("example.com has no address (no A or AAAA record)");
    }

    @Test
    void anUnansweredAddressLookupIsATemporaryFailure() {
        dns.a("mail.example.com", "192.0.2.25").drop("mail.example.com");

        assertThatThrownBy(() -> resolver.addresses("mail.example.com"))
            .isInstanceOf(DnsFailureException.class)
            .hasMessageStartingWith("DNS lookup of mail.example.com A timed out or failed: ");
    }

    @Test
    void answersAreCached() throws Exception {
        dns.a("mail.example.com", "192.0.2.25").aaaa("mail.example.com", "2001:db8::25").mx("example.com", 10, "mail.example.com");

        List<InetAddress> first = resolver.addresses("mail.example.com");
        List<InetAddress> second = resolver.addresses("mail.example.com");
        resolver.mx("example.com");
        MxAnswer mx = resolver.mx("example.com");

        assertThat(second).isEqualTo(first);
        assertThat(dns.queries("mail.example.com")).isEqualTo(2);
        assertThat(mx.records()).containsExactly(MxRecord.of("mail.example.com", 10));
        assertThat(dns.queries("example.com")).isEqualTo(1);
    }

    @Test
    void nonExistenceIsCachedToo() {
        assertThat(resolver.mx("nowhere.example")).isEqualTo(MxAnswer.nxdomain());
        assertThat(resolver.mx("nowhere.example")).isEqualTo(MxAnswer.nxdomain());

        assertThat(dns.queries("nowhere.example")).isEqualTo(1);
    }

    @Test
    void withoutACacheEveryLookupAsks() throws Exception {
        GatewayResolver uncached = new GatewayResolver(settings.withCacheSize(0));
        dns.a("mail.example.com", "192.0.2.25").aaaa("mail.example.com", "2001:db8::25");

        uncached.addresses("mail.example.com");
        uncached.addresses("mail.example.com");

        assertThat(dns.queries("mail.example.com")).isEqualTo(4);
    }

    @Test
    void txtRecordsJoinTheirStrings() throws Exception {
        dns.txt("example.com", "v=spf1 mx -all").txt("example.com", List.of("google-site-", "verification=abc"));

        assertThat(resolver.txt("example.com")).containsExactlyInAnyOrder("v=spf1 mx -all", "google-site-verification=abc");
    }

    @Test
    void txtFollowsTheErrorConventionOfAddresses() {
        dns.mx("example.com", 10, "mx.example.com").servfail("broken.example");

        assertThatThrownBy(() -> resolver.txt("example.com")).isInstanceOf(UnknownHostException.class)
            .hasMessage("example.com has no TXT record");
        assertThatThrownBy(() -> resolver.txt("nowhere.example")).isInstanceOf(UnknownHostException.class)
            .hasMessage("nowhere.example does not exist in DNS (NXDOMAIN)");
        assertThatThrownBy(() -> resolver.txt("broken.example")).isInstanceOf(DnsFailureException.class)
            .hasMessage("DNS lookup of broken.example TXT timed out or failed: SERVFAIL");
    }

    @Test
    void answersTooLargeForUdpArriveOverTcp() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String text = i + "-" + "x".repeat(200);
            expected.add(text);
            dns.txt("big.example", text);
        }

        assertThat(resolver.txt("big.example")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(dns.queries("big.example")).isEqualTo(2);
    }

    @Test
    void anyOfSeveralServersMayAnswer() throws Exception {
        try (DnsResponder silent = DnsResponder.start()) {
            silent.drop("example.com");
            dns.mx("example.com", 10, "mx.example.com");
            GatewayResolver two = new GatewayResolver(settings.withServers(List.of(silent.address(), dns.address())));

            assertThat(two.mx("example.com").records()).containsExactly(MxRecord.of("mx.example.com", 10));
            assertThat(silent.queries("example.com")).isEqualTo(1);
        }
    }

    @Test
    void refusesWhatIsNotADnsName() {
        assertThatThrownBy(() -> resolver.mx("a..example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolver.mx(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
