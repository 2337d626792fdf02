package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.0/24, 192.0.2.0/24",
        "192.0.2.77/24, 192.0.2.0/24",
        "10.1.2.3/8, 10.0.0.0/8",
        "192.0.2.1, 192.0.2.1/32",
        "198.51.100.255/31, 198.51.100.254/31",
        "2001:DB8:0:0:0:0:0:1/128, 2001:db8::1/128",
        "2001:db8:abcd:12::7/48, 2001:db8:abcd::/48",
        "2001:db8::1, 2001:db8::1/128",
    })
    void parsesAndNormalises(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical);
        assertThat(Cidr.parse(text)).isEqualTo(Cidr.parse(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "192.0.2.0/33", "192.0.2.0/-1", "192.0.2.0/", "192.0.2.0/abc", "192.0.2/24", "256.0.0.0/8",
        "example.com/24", "2001:db8::/129", "2001:db8::g/64", "fe80::1%eth0/64", "0.0.0.0/0", "10.0.0.0/7", "::/0",
        "2001::/15", "192.0.2.0/24/1", " 192.0.2.0/24"})
    void refusesBadSyntaxAndOverlyBroadNetworks(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(PolicyValidationException.class);
    }

    @Test
    void containsAddressesOfItsFamilyOnly() {
        Cidr v4 = Cidr.parse("192.0.2.0/24");
        Cidr v6 = Cidr.parse("2001:db8::/32");

        assertThat(v4.contains(address("192.0.2.0"))).isTrue();
        assertThat(v4.contains(address("192.0.2.255"))).isTrue();
        assertThat(v4.contains(address("192.0.3.0"))).isFalse();
        assertThat(v4.contains(address("::ffff:192.0.2.5"))).isTrue();
        assertThat(v4.contains(address("2001:db8::1"))).isFalse();
        assertThat(v6.contains(address("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(address("2001:db9::1"))).isFalse();
        assertThat(v6.contains(address("192.0.2.1"))).isFalse();
        assertThat(Cidr.parse("198.51.100.7").contains(address("198.51.100.7"))).isTrue();
        assertThat(Cidr.parse("198.51.100.7").contains(address("198.51.100.6"))).isFalse();
    }

    @Test
    void oddPrefixLengths() {
        Cidr cidr = Cidr.parse("10.0.0.0/9");
        assertThat(cidr.contains(address("10.127.255.255"))).isTrue();
        assertThat(cidr.contains(address("10.128.0.0"))).isFalse();
    }

    private static InetAddress address(String literal) {
        return InetAddresses.forString(literal);
    }
}
