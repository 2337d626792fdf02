package io.cleanport.core.spam.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.spam.dns.SpfResult.Kind;
import io.cleanport.core.testing.DnsResponder;
import io.cleanport.core.verdict.RuleHit;

class SpfCheckTest {
    private static final InetAddress INSIDE = InetAddresses.forString("192.0.2.10");
    private static final InetAddress OUTSIDE = InetAddresses.forString("198.51.100.7");

    private DnsResponder dns;
    private SpfCheck spf;

    @BeforeEach
    void start() throws Exception {
        dns = DnsResponder.start();
        spf = new SpfCheck(new GatewayResolver(DnsSettings.defaults().withServers(List.of(dns.address()))
            .withTimeout(Duration.ofSeconds(3)).withCacheSize(0)));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private SpfResult check(InetAddress client, String sender) {
        return spf.check(client, Optional.of(sender), Optional.of("mail.client.example"));
    }

    @Test
    void passFailSoftfailAndNeutralFollowTheQualifiers() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("soft.example", "v=spf1 +ip4:192.0.2.10 ~all")
            .txt("neutral.example", "v=spf1 ?all")
            .txt("nomatch.example", "v=spf1 ip4:203.0.113.1");

        SpfResult pass = check(INSIDE, "alice@example.com");
        assertThat(pass).isEqualTo(new SpfResult(Kind.PASS, "example.com", false, "192.0.2.10 matched ip4:192.0.2.0/24"));
        assertThat(pass.hit()).contains(RuleHit.of("SPF_PASS", SpfCheck.PASS.score(), SpfCheck.PASS.description(),
            "mail from example.com: pass, 192.0.2.10 matched ip4:192.0.2.0/24"));
        SpfResult fail = check(OUTSIDE, "alice@example.com");
        assertThat(fail.kind()).isEqualTo(Kind.FAIL);
        assertThat(fail.reason()).isEqualTo("198.51.100.7 matched -all");
        assertThat(fail.hit().orElseThrow().score()).isEqualTo(3.0);
        assertThat(check(OUTSIDE, "bob@soft.example").hit().orElseThrow().ruleId()).isEqualTo("SPF_SOFTFAIL");
        assertThat(check(OUTSIDE, "bob@neutral.example").kind()).isEqualTo(Kind.NEUTRAL);
        assertThat(check(OUTSIDE, "bob@nomatch.example").reason()).isEqualTo("no term matched 198.51.100.7");
    }

    @Test
    void noneWithoutARecordOrDomain() {
        dns.txt("example.com", "google-site-verification=abc");

        assertThat(check(OUTSIDE, "alice@example.com").kind()).isEqualTo(Kind.NONE);
        assertThat(check(OUTSIDE, "alice@missing.example").kind()).isEqualTo(Kind.NONE);
        assertThat(check(OUTSIDE, "alice@example.com").hit()).isEmpty();
        assertThat(spf.check(OUTSIDE, Optional.empty(), Optional.of("[192.0.2.1]")).kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void theHeloNameIsCheckedForTheNullSender() {
        dns.txt("mail.client.example", "v=spf1 a -all").a("mail.client.example", "192.0.2.10");

        SpfResult result = spf.check(INSIDE, Optional.empty(), Optional.of("mail.client.example"));

        assertThat(result).isEqualTo(new SpfResult(Kind.PASS, "mail.client.example", true, "192.0.2.10 matched a"));
        assertThat(result.hit().orElseThrow().evidence()).startsWith("helo mail.client.example: pass");
    }

    @Test
    void includeMatchesOnlyOnTheIncludedPass() {
        dns.txt("example.com", "v=spf1 include:_spf.provider.example ~all")
            .txt("_spf.provider.example", "v=spf1 ip4:203.0.113.0/24 -all");

        assertThat(check(InetAddresses.forString("203.0.113.9"), "a@example.com").reason())
            .isEqualTo("203.0.113.9 matched include:_spf.provider.example");
        assertThat(check(OUTSIDE, "a@example.com").kind()).isEqualTo(Kind.SOFTFAIL);
    }

    @Test
    void anIncludeWithoutARecordIsAPermerror() {
        dns.txt("example.com", "v=spf1 include:gone.example -all");

        SpfResult result = check(OUTSIDE, "a@example.com");

        assertThat(result.kind()).isEqualTo(Kind.PERMERROR);
        assertThat(result.hit().orElseThrow().score()).isEqualTo(0.5);
    }

    @Test
    void redirectAppliesWhenNothingMatched() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.99 redirect=_spf.example.net")
            .txt("_spf.example.net", "v=spf1 ip4:192.0.2.10 -all")
            .txt("ignored.example", "v=spf1 ?all redirect=_spf.example.net");

        assertThat(check(INSIDE, "a@example.com").kind()).isEqualTo(Kind.PASS);
        assertThat(check(OUTSIDE, "a@example.com").kind()).isEqualTo(Kind.FAIL);
        assertThat(check(INSIDE, "a@ignored.example").kind()).isEqualTo(Kind.NEUTRAL);
    }

    @Test
    void mxAndAMatchTheHostsAddressesWithinTheirPrefix() {
        dns.txt("example.com", "v=spf1 mx/28 a:web.example.com -all")
            .mx("example.com", 10, "mx1.example.com").mx("example.com", 20, "mx2.example.com")
            .a("mx1.example.com", "203.0.113.1").a("mx2.example.com", "192.0.2.1")
            .a("web.example.com", "198.51.100.80");

        assertThat(check(INSIDE, "a@example.com").reason()).isEqualTo("192.0.2.10 matched mx/28");
        assertThat(check(InetAddresses.forString("198.51.100.80"), "a@example.com").reason())
            .isEqualTo("198.51.100.80 matched a:web.example.com");
        assertThat(check(InetAddresses.forString("192.0.2.17"), "a@example.com").kind()).isEqualTo(Kind.FAIL);
    }

    @Test
    void ipv6ClientsMatchIp6AndAaaaRecords() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:1::/48 a:v6.example.com//64 -all")
            .aaaa("v6.example.com", "2001:db8:2::1").a("v6.example.com", "192.0.2.77");

        assertThat(check(InetAddresses.forString("2001:db8:1::25"), "a@example.com").reason())
            .isEqualTo("2001:db8:1:0:0:0:0:25 matched ip6:2001:db8:1::/48");
        assertThat(check(InetAddresses.forString("2001:db8:2::99"), "a@example.com").reason())
            .isEqualTo("2001:db8:2:0:0:0:0:99 matched a:v6.example.com//64");
        assertThat(check(InetAddresses.forString("2001:db8:3::1"), "a@example.com").kind()).isEqualTo(Kind.FAIL);
    }

    @Test
    void existsExpandsMacros() {
        dns.txt("example.com", "v=spf1 exists:%{ir}.%{l1-}.%{v}._spf.%{d2} -all")
            .a("10.2.0.192.alice.in-addr._spf.example.com", "127.0.0.2");

        assertThat(check(INSIDE, "bob-alice@mail.example.com").kind()).isEqualTo(Kind.NONE); // mail.example.com has no record
        assertThat(check(INSIDE, "bob-alice@example.com").kind()).isEqualTo(Kind.PASS);
        assertThat(check(OUTSIDE, "bob-alice@example.com").kind()).isEqualTo(Kind.FAIL);
    }

    @Test
    void moreThanTenLookupsIsAPermerror() {
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 1; i <= 11; i++) {
            record.append(" a:h").append(i).append(".example.com");
            dns.a("h" + i + ".example.com", "203.0.113." + i);
        }
        dns.txt("example.com", record.append(" -all").toString()).txt("loop.example", "v=spf1 include:loop.example -all");

        SpfResult result = check(OUTSIDE, "a@example.com");

        assertThat(result.kind()).isEqualTo(Kind.PERMERROR);
        assertThat(result.reason()).isEqualTo("more than 10 terms that ask DNS (at a:h11.example.com)");
        assertThat(check(INSIDE, "a@loop.example").kind()).isEqualTo(Kind.PERMERROR);
        assertThat(dns.queries("loop.example")).isEqualTo(11);
    }

    @Test
    void moreThanTwoVoidLookupsIsAPermerror() {
        dns.txt("two.example", "v=spf1 a:n1.example.com mx:n2.example.com -all")
            .txt("three.example", "v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com -all");

        assertThat(check(OUTSIDE, "a@two.example").kind()).isEqualTo(Kind.FAIL);
        SpfResult result = check(OUTSIDE, "a@three.example");
        assertThat(result.kind()).isEqualTo(Kind.PERMERROR);
        assertThat(result.reason()).isEqualTo("more than 2 lookups found nothing (at n3.example.com)");
    }

    @Test
    void moreThanTenMxNamesIsAPermerror() {
        dns.txt("example.com", "v=spf1 mx -all");
        for (int i = 1; i <= 11; i++) {
            dns.mx("example.com", i, "mx" + i + ".example.com");
        }

        assertThat(check(OUTSIDE, "a@example.com").kind()).isEqualTo(Kind.PERMERROR);
    }

    @Test
    void brokenRecordsArePermerrors() {
        dns.txt("two.example", "v=spf1 -all").txt("two.example", "v=spf1 +all")
            .txt("unknown.example", "v=spf1 ip4:192.0.2.10 foo:bar -all")
            .txt("prefix.example", "v=spf1 ip4:192.0.2.0/33 -all")
            .txt("twice.example", "v=spf1 redirect=a.example redirect=b.example")
            .txt("macro.example", "v=spf1 exists:%{c}.example.com -all");

        for (String domain : List.of("two.example", "unknown.example", "prefix.example", "twice.example", "macro.example")) {
            assertThat(check(INSIDE, "a@" + domain).kind()).as(domain).isEqualTo(Kind.PERMERROR);
        }
    }

    @Test
    void unknownModifiersAreIgnoredAndCaseDoesNotMatter() {
        dns.txt("example.com", "V=SPF1 IP4:192.0.2.10 foo=%{d}.bar -ALL");

        assertThat(check(INSIDE, "a@example.com").kind()).isEqualTo(Kind.PASS);
    }

    @Test
    void serverFailureIsATemperror() {
        dns.servfail("example.com")
            .txt("include.example", "v=spf1 include:example.com -all")
            .txt("mx.example", "v=spf1 mx:broken.example -all").servfail("broken.example");

        SpfResult result = check(OUTSIDE, "a@example.com");

        assertThat(result.kind()).isEqualTo(Kind.TEMPERROR);
        assertThat(result.hit().orElseThrow().score()).isZero();
        assertThat(check(OUTSIDE, "a@include.example").kind()).isEqualTo(Kind.TEMPERROR);
        assertThat(check(OUTSIDE, "a@mx.example").kind()).isEqualTo(Kind.TEMPERROR);
    }
}
