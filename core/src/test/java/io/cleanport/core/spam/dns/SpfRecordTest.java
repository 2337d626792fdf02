package io.cleanport.core.spam.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.spam.dns.SpfRecord.Directive;
import io.cleanport.core.spam.dns.SpfRecord.Mechanism;
import io.cleanport.core.spam.dns.SpfResult.Kind;

class SpfRecordTest {
    @Test
    void readsQualifiersTargetsAndPrefixLengths() throws Exception {
        SpfRecord record = SpfRecord.parse("v=spf1 a mx:mail.example.com/24//64 -ip4:192.0.2.0/24 ~ip6:2001:db8::/32"
            + " ?exists:%{ir}.%{l1r+-}._spf.%{d} include:_spf.example.net  exp=explain.%{d} redirect=_spf.example.org");

        assertThat(record.directives()).extracting(Directive::result, Directive::mechanism, Directive::domainSpec, Directive::cidr4,
            Directive::cidr6).containsExactly(
                tuple(Kind.PASS, Mechanism.A, "", 32, 128),
                tuple(Kind.PASS, Mechanism.MX, "mail.example.com", 24, 64),
                tuple(Kind.FAIL, Mechanism.IP4, "", 24, 128),
                tuple(Kind.SOFTFAIL, Mechanism.IP6, "", 32, 32),
                tuple(Kind.NEUTRAL, Mechanism.EXISTS, "%{ir}.%{l1r+-}._spf.%{d}", 32, 128),
                tuple(Kind.PASS, Mechanism.INCLUDE, "_spf.example.net", 32, 128));
        assertThat(record.directives().get(2).network()).isEqualTo(InetAddresses.forString("192.0.2.0"));
        assertThat(record.redirect()).contains("_spf.example.org");
    }

    @Test
    void selectsOnlyVersion1Records() {
        assertThat(SpfRecord.isSpf("v=spf1")).isTrue();
        assertThat(SpfRecord.isSpf("V=SPF1 -all")).isTrue();
        assertThat(SpfRecord.isSpf("v=spf10 -all")).isFalse();
        assertThat(SpfRecord.isSpf("spf2.0/pra -all")).isFalse();
    }

    @Test
    void refusesWhatTheGrammarDoesNot() {
        for (String bad : List.of("v=spf1 include", "v=spf1 include:localhost", "v=spf1 a:example.com/", "v=spf1 a:example.com/024",
            "v=spf1 ip4:192.0.2.1/33", "v=spf1 ip6:2001:db8::/129", "v=spf1 ip4:2001:db8::1", "v=spf1 ip6:192.0.2.1",
            "v=spf1 all:example.com", "v=spf1 ptr/24", "v=spf1 exists:%{x}.example.com", "v=spf1 exists:%{d0}.example.com",
            "v=spf1 exists:%{t}.example.com", "v=spf1 a:exa%mple.com", "v=spf1 exp=a.example exp=b.example", "v=spf1 foo=%",
            "v=spf1 a:example.-com", "v=spf1 +-all")) {
            assertThatThrownBy(() -> SpfRecord.parse(bad)).as(bad).isInstanceOf(SpfException.class)
                .extracting(e -> ((SpfException) e).kind()).isEqualTo(Kind.PERMERROR);
        }
    }

    @Test
    void acceptsWhatTheGrammarDoes() throws Exception {
        for (String good : List.of("v=spf1", "v=spf1 ", "v=spf1 a//64 mx/0 ptr ptr:example.com -all", "v=spf1 exists:%{i}",
            "v=spf1 include:example.com. a:x.123-example a:%{d}.%%", "v=spf1 foo=bar.%{c} -all")) {
            SpfRecord.parse(good);
        }
    }

    @Test
    void aHostileTermIsReadInLinearTime() {
        String hostile = "v=spf1 a:" + "a.".repeat(50_000) + "%{d}!" + "1".repeat(50_000) + " -all";

        // A guard against a hang (backtracking), not a measurement: a linear read takes milliseconds.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> SpfRecord.parse(hostile))
            .isInstanceOf(SpfException.class));
    }

    @Test
    void networksMatchByPrefix() {
        assertThat(SpfRecord.inNetwork(InetAddresses.forString("192.0.2.200"), InetAddresses.forString("192.0.2.128"), 25)).isTrue();
        assertThat(SpfRecord.inNetwork(InetAddresses.forString("192.0.2.100"), InetAddresses.forString("192.0.2.128"), 25)).isFalse();
        assertThat(SpfRecord.inNetwork(InetAddresses.forString("198.51.100.1"), InetAddresses.forString("192.0.2.0"), 0)).isTrue();
        assertThat(SpfRecord.inNetwork(InetAddresses.forString("2001:db8::1"), InetAddresses.forString("192.0.2.0"), 0)).isFalse();
        assertThat(SpfRecord.inNetwork(InetAddresses.forString("2001:db8:ffff::1"), InetAddresses.forString("2001:db8::"), 32)).isTrue();
    }
}
