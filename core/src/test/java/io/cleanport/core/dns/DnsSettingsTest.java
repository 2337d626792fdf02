package io.cleanport.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsSettingsTest {
    private static Map<String, String> properties(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static InetSocketAddress server(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void defaults() {
        DnsSettings settings = DnsSettings.fromProperties(properties("database.url", "jdbc:derby:x", "dns.servers", " "));

        assertThat(settings).isEqualTo(DnsSettings.defaults());
        assertThat(settings.servers()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.cacheSize()).isEqualTo(10_000);
        assertThat(settings.gatewayMxHosts()).isEmpty();
    }

    @Test
    void readsEveryKey() throws Exception {
        DnsSettings settings = DnsSettings.fromProperties(properties(
            "dns.servers", " 192.0.2.53, 192.0.2.54:5353,,2001:db8::53 , [2001:db8::54]:5354, [2001:db8::55]",
            "dns.timeout", "2s",
            "dns.cache.size", "0",
            "gateway.mxHosts", "MX1.CleanPort.example., mx2.cleanport.example, mx1.cleanport.example"));

        assertThat(settings.servers()).containsExactly(server("192.0.2.53", 53), server("192.0.2.54", 5353),
            server("2001:db8::53", 53), server("2001:db8::54", 5354), server("2001:db8::55", 53));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.cacheSize()).isZero();
        assertThat(settings.gatewayMxHosts()).containsExactly("mx1.cleanport.example", "mx2.cleanport.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dns.servers     | dns.example.com",
        "dns.servers     | 192.0.2.53:0",
        "dns.servers     | 192.0.2.53:65536",
        "dns.servers     | 192.0.2.53:",
        "dns.servers     | 192.0.2.53:dns",
        "dns.servers     | 192.0.2.300",
        "dns.servers     | [2001:db8::53",
        "dns.servers     | [2001:db8::53]5353",
        "dns.timeout     | 500ms",
        "dns.timeout     | 0s",
        "dns.timeout     | 2m",
        "dns.timeout     | five",
        "dns.cache.size  | -1",
        "dns.cache.size  | 2000000",
        "dns.cache.size  | lots",
        "gateway.mxHosts | mx..cleanport.example",
        "gateway.mxHosts | mx_1.cleanport.example",
        "gateway.mxHosts | localhost",
        "gateway.mxHosts | 192.0.2.25",
        "dns.retries     | 3",
    })
    void refusesBadValuesNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> DnsSettings.fromProperties(properties(key, value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(key + ":");
    }

    @Test
    void withersNormaliseAndCheckLikeTheKeys() throws Exception {
        DnsSettings settings = DnsSettings.defaults()
            .withServers(List.of(server("127.0.0.1", 5300)))
            .withTimeout(Duration.ofMillis(300))
            .withCacheSize(5)
            .withGatewayMxHosts(List.of("MX.Gateway.Example."));

        assertThat(settings.servers()).containsExactly(server("127.0.0.1", 5300));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(settings.cacheSize()).isEqualTo(5);
        assertThat(settings.gatewayMxHosts()).containsExactly("mx.gateway.example");
        assertThat(DnsSettings.defaults().gatewayMxHosts()).isEmpty();

        assertThatThrownBy(() -> settings.withTimeout(Duration.ZERO)).hasMessageStartingWith("dns.timeout:");
        assertThatThrownBy(() -> settings.withCacheSize(-1)).hasMessageStartingWith("dns.cache.size:");
        assertThatThrownBy(() -> settings.withGatewayMxHosts(List.of("not a host"))).hasMessageStartingWith("gateway.mxHosts:");
        assertThatThrownBy(() -> settings.withServers(List.of(InetSocketAddress.createUnresolved("dns.example", 53))))
            .hasMessageStartingWith("dns.servers:");
    }
}
