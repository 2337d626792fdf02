package io.cleanport.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.dns.MxCheckResult.Status;
import io.cleanport.core.testing.DnsResponder;

class MxCheckTest {
    private static final String MX1 = "mx1.gateway.example";
    private static final String MX2 = "mx2.gateway.example";

    private DnsResponder dns;
    private DnsSettings settings;
    private MxCheck check;

    @BeforeEach
    void start() throws Exception {
        dns = DnsResponder.start();
        settings = DnsSettings.defaults()
            .withServers(List.of(dns.address()))
            .withTimeout(Duration.ofMillis(300))
            .withGatewayMxHosts(List.of(MX1, MX2));
        check = MxCheck.of(new GatewayResolver(settings), settings);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void greenWhenTheGatewayHostsAreTheMostPreferred() {
        dns.mx("example.com", 10, MX1).mx("example.com", 10, "MX2.Gateway.Example.");

        MxCheckResult result = check.check("Example.COM.");

        assertThat(result.domain()).isEqualTo("example.com");
        assertThat(result.status()).isEqualTo(Status.GREEN);
        assertThat(result.records()).containsExactly(MxRecord.of(MX1, 10), MxRecord.of(MX2, 10));
        assertThat(result.expected()).containsExactly(MX1, MX2);
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void greenWithAWarningForAForeignBackup() {
        dns.mx("example.com", 10, MX1).mx("example.com", 20, "mx2.other.net").mx("example.com", 15, MX2);

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.GREEN);
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).containsExactly("backup MX mx2.other.net (preference 20) is not a gateway host: mail it"
            + " accepts is not filtered unless it forwards to the gateway");
    }

    @Test
    void redWhenAForeignHostIsPreferredToTheGateway() {
        dns.mx("example.com", 5, "mail.example.com").mx("example.com", 10, MX1);

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.problems()).containsExactly(
            "mail.example.com has preference 5, better than the gateway's 10: senders can bypass filtering");
    }

    @Test
    void redWhenAForeignHostSharesTheGatewayPreference() {
        dns.mx("example.com", 10, "mail.example.com").mx("example.com", 10, MX1);

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.problems()).containsExactly(
            "mail.example.com has preference 10, the same as the gateway's: senders can bypass filtering half of the time");
    }

    @Test
    void redWhenTheMostPreferredHostIsForeign() {
        dns.mx("example.com", 10, "mail.example.com").mx("example.com", 20, "backup.example.net");

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.problems()).containsExactly(
            "no MX record of example.com points to a gateway host (mx1.gateway.example, mx2.gateway.example)",
            "the most preferred MX host mail.example.com is not a gateway host");
        assertThat(result.records()).hasSize(2);
    }

    @Test
    void redWithoutMxRecords() {
        dns.a("example.com", "192.0.2.1");

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).singleElement().asString().startsWith("example.com has no MX records: ");
    }

    @Test
    void redForADomainThatDoesNotExist() {
        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.problems()).containsExactly("example.com does not exist in DNS (NXDOMAIN)");
    }

    @Test
    void redForANullMx() {
        dns.nullMx("example.com");

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.RED);
        assertThat(result.records()).containsExactly(MxRecord.of("", 0));
        assertThat(result.problems()).singleElement().asString()
            .startsWith("example.com publishes a null MX (RFC 7505): it declares that it accepts no mail");
    }

    @Test
    void unknownWhenDnsTimesOut() {
        dns.mx("example.com", 10, MX1).drop("example.com");

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
            .startsWith("DNS lookup of example.com MX timed out or failed: ");
    }

    @Test
    void unknownOnServfail() {
        dns.mx("example.com", 5, "mail.example.com").servfail("example.com");

        MxCheckResult result = check.check("example.com");

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.problems()).containsExactly("DNS lookup of example.com MX timed out or failed: SERVFAIL");
    }

    @Test
    void unknownWhenTheGatewayHostsAreNotConfigured() {
        dns.mx("example.com", 10, MX1);
        DnsSettings unconfigured = settings.withGatewayMxHosts(List.of());

        MxCheckResult result = MxCheck.of(new GatewayResolver(unconfigured), unconfigured).check("example.com");

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.problems()).containsExactly(
            "gateway.mxHosts is not configured: set the gateway's MX host names in conf/cleanport.properties");
        assertThat(dns.queries("example.com")).isZero();
    }

    @Test
    void refusesWhatIsNotADomain() {
        assertThatThrownBy(() -> check.check("not a domain")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusesHaveLowerCaseWireNames() {
        assertThat(List.of(Status.values())).extracting(Status::wireName).containsExactly("green", "red", "unknown");
    }

    @Test
    void resultsKeepStatusAndProblemsConsistent() {
        assertThatThrownBy(() -> MxCheckResult.of("example.com", Status.GREEN, List.of(), List.of(MX1), List.of("a problem"), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MxCheckResult.of("example.com", Status.RED, List.of(), List.of(MX1), List.of(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
