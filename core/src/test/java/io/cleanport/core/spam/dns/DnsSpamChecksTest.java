package io.cleanport.core.spam.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.spam.dns.DnsBlocklists.Zone;
import io.cleanport.core.testing.DnsResponder;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.verdict.RuleHit;

class DnsSpamChecksTest {
    private static final Optional<InetAddress> CLIENT = Optional.of(InetAddresses.forString("198.51.100.7"));
    private static final String QUERY = "7.100.51.198.zen.example";
    private static final Optional<String> SENDER = Optional.of("alice@example.com");
    private static final Optional<String> HELO = Optional.of("mail.example.com");

    private DnsResponder dns;
    private GatewayResolver resolver;
    private MutableClock clock;
    private DnsSpamChecks checks;

    @BeforeEach
    void start() throws Exception {
        dns = DnsResponder.start();
        // No resolver cache: every query the checks make reaches the responder and is counted. The responder
        // answers every query these tests expect answered; the generous timeout only keeps a loaded machine
        // from turning an answer into a timeout.
        resolver = new GatewayResolver(DnsSettings.defaults().withServers(List.of(dns.address())).withTimeout(Duration.ofSeconds(3))
            .withCacheSize(0));
        clock = MutableClock.atEpochPlusOneDay();
    }

    @AfterEach
    void stop() {
        if (checks != null) {
            checks.close();
        }
        dns.close();
    }

    private DnsSpamChecks checks(List<Zone> zones, boolean spf, Duration timeout) {
        checks = DnsSpamChecks.of(resolver, zones, spf, timeout, Duration.ofMinutes(5), clock);
        return checks;
    }

    private List<RuleHit> run(Optional<InetAddress> client) {
        return checks.await(checks.start(client, SENDER, HELO));
    }

    @Test
    void blocklistsAndSpfAnswerTogether() {
        dns.a(QUERY, "127.0.0.2").a("7.100.51.198.bl.example", "127.0.0.4").txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        checks(List.of(new Zone("zen.example", 4), new Zone("bl.example", 2), new Zone("clean.example", 2)), true, Duration.ofSeconds(5));

        assertThat(run(CLIENT)).extracting(RuleHit::ruleId, RuleHit::score).containsExactly(
            tuple("DNSBL_ZEN_EXAMPLE", 4.0),
            tuple("DNSBL_BL_EXAMPLE", 2.0),
            tuple("SPF_FAIL", 3.0));
    }

    @Test
    void answersAreReusedUntilTheirTimeToLive() {
        dns.a(QUERY, "127.0.0.2").txt("example.com", "v=spf1 -all");
        checks(List.of(new Zone("zen.example", 4)), true, Duration.ofSeconds(5));

        List<RuleHit> first = run(CLIENT);
        List<RuleHit> second = run(CLIENT);

        assertThat(second).isEqualTo(first).hasSize(2);
        assertThat(dns.queries(QUERY)).isEqualTo(2); // A, then AAAA, once
        assertThat(dns.queries("example.com")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(6));
        run(CLIENT);
        assertThat(dns.queries("example.com")).isEqualTo(2);
    }

    @Test
    void failedLookupsAreNotReused() {
        dns.servfail("example.com");
        checks(List.of(), true, Duration.ofSeconds(5));

        assertThat(run(CLIENT)).extracting(RuleHit::ruleId).containsExactly("SPF_TEMPERROR");
        run(CLIENT);

        assertThat(dns.queries("example.com")).isEqualTo(2);
    }

    @Test
    void nothingConfiguredAsksNothing() {
        dns.a(QUERY, "127.0.0.2").txt("example.com", "v=spf1 -all");
        Properties properties = new Properties();
        properties.setProperty("spam.spf.enabled", "false");
        checks = DnsSpamChecks.fromProperties(properties, resolver);

        assertThat(checks.enabled()).isFalse();
        assertThat(run(CLIENT)).isEmpty();
        assertThat(dns.queries(QUERY)).isZero();
        assertThat(dns.queries("example.com")).isZero();
    }

    @Test
    void privateClientsAreNotChecked() {
        dns.txt("example.com", "v=spf1 -all");
        checks(List.of(new Zone("zen.example", 4)), true, Duration.ofSeconds(5));

        assertThat(run(Optional.of(InetAddresses.forString("10.0.0.5")))).isEmpty();
        assertThat(run(Optional.empty())).isEmpty();
        assertThat(dns.queries("example.com")).isZero();
    }

    @Test
    void checksStillRunningAtTheTimeoutAreReportedAsTimedOut() throws Exception {
        dns.drop(QUERY).txt("example.com", "v=spf1 -all");
        // Each unanswered query waits 10s; the message waits 3s, ample for the SPF answer on loopback.
        resolver = new GatewayResolver(DnsSettings.defaults().withServers(List.of(dns.address())).withTimeout(Duration.ofSeconds(10))
            .withCacheSize(0));
        checks(List.of(new Zone("zen.example", 4)), true, Duration.ofSeconds(3));

        List<RuleHit> hits = run(CLIENT);

        assertThat(hits).extracting(RuleHit::ruleId, RuleHit::evidence).containsExactly(
            tuple("DNS_CHECK_TIMED_OUT", "dnsbl zen.example timed out"),
            tuple("SPF_FAIL", "mail from example.com: fail, 198.51.100.7 matched -all"));
        assertThat(hits.get(0).score()).isZero();
    }

    @Test
    void propertiesAreReadAndChecked() {
        Properties properties = new Properties();
        properties.setProperty("spam.dnsbl.zones", "zen.example=4");
        properties.setProperty("spam.dns.timeout", "3s");
        checks = DnsSpamChecks.fromProperties(properties, resolver);
        assertThat(checks.enabled()).isTrue();
        assertThat(checks.timeout()).isEqualTo(Duration.ofSeconds(3));
        checks.close();

        assertThat(DnsSpamChecks.fromProperties(new Properties(), resolver).timeout()).isEqualTo(DnsSpamChecks.DEFAULT_TIMEOUT);
        properties.setProperty("spam.spf.enable", "true");
        assertThatThrownBy(() -> DnsSpamChecks.fromProperties(properties, resolver)).hasMessageStartingWith("spam.spf.enable: unknown key");
        properties.remove("spam.spf.enable");
        properties.setProperty("spam.spf.enabled", "yes");
        assertThatThrownBy(() -> DnsSpamChecks.fromProperties(properties, resolver)).hasMessageStartingWith("spam.spf.enabled: expected");
        properties.setProperty("spam.spf.enabled", "true");
        properties.setProperty("spam.dns.timeout", "2m");
        assertThatThrownBy(() -> DnsSpamChecks.fromProperties(properties, resolver)).hasMessageStartingWith("spam.dns.timeout: expected");
    }
}
