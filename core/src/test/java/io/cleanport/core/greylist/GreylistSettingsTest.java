package io.cleanport.core.greylist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.net.InetAddresses;

import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;

class GreylistSettingsTest {
    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaults() {
        GreylistSettings settings = GreylistSettings.fromProperties(properties("database.url", "jdbc:derby:x"));

        assertThat(settings).isEqualTo(GreylistSettings.defaults());
        assertThat(settings.minDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.tripletLifetime()).isEqualTo(Duration.ofDays(36));
        assertThat(settings.networkThreshold()).isEqualTo(5);
        assertThat(settings.networkLifetime()).isEqualTo(Duration.ofDays(36));
        assertThat(settings.staticNetworks()).isEmpty();
        assertThat(settings.staticSenderDomains()).isEmpty();
        assertThat(settings.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.purgeBatch()).isEqualTo(10_000);
    }

    @Test
    void nothingIsExemptByDefault() {
        GreylistSettings settings = GreylistSettings.defaults();

        for (String address : List.of("127.0.0.1", "10.1.2.3", "192.168.0.1", "::1", "fd00::1")) {
            assertThat(settings.isStaticNetwork(InetAddresses.forString(address))).as(address).isFalse();
        }
    }

    @Test
    void readsEveryKey() {
        GreylistSettings settings = GreylistSettings.fromProperties(properties(
            "greylist.minDelay", "5m",
            "greylist.retryWindow", "12h",
            "greylist.whitelistLifetime", "20d",
            "greylist.network.threshold", "3",
            "greylist.network.lifetime", "7d",
            "greylist.whitelist.networks", " 192.0.2.0/24, 2001:db8::/32 ,,198.51.100.7",
            "greylist.whitelist.senderDomains", "Big-Sender.example, mail.other.example",
            "greylist.purge.interval", "1m",
            "greylist.purge.batch", "500"));

        assertThat(settings.minDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.retryWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.tripletLifetime()).isEqualTo(Duration.ofDays(20));
        assertThat(settings.networkThreshold()).isEqualTo(3);
        assertThat(settings.networkLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.staticNetworks()).containsExactly(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32"),
            Cidr.parse("198.51.100.7/32"));
        assertThat(settings.staticSenderDomains()).containsExactly(DomainName.of("big-sender.example"), DomainName.of("mail.other.example"));
        assertThat(settings.purgeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.purgeBatch()).isEqualTo(500);
    }

    @Test
    void networkLifetimeFollowsTheWhitelistLifetimeUnlessSet() {
        assertThat(GreylistSettings.fromProperties(properties("greylist.whitelistLifetime", "10d")).networkLifetime())
            .isEqualTo(Duration.ofDays(10));
    }

    @Test
    void senderDomainsCoverTheirSubdomainsOnly() {
        GreylistSettings settings = GreylistSettings.builder().staticSenderDomains(List.of(DomainName.of("big.example"))).build();

        assertThat(settings.isStaticSenderDomain("big.example")).isTrue();
        assertThat(settings.isStaticSenderDomain("mx1.eu.big.example")).isTrue();
        assertThat(settings.isStaticSenderDomain("notbig.example")).isFalse();
        assertThat(settings.isStaticSenderDomain("big.example.evil")).isFalse();
        assertThat(settings.isStaticSenderDomain("example")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "greylist.minDelay; 10;                 greylist.minDelay: expected a duration",
        "greylist.minDelay; 2d;                 greylist.minDelay: expected a duration from 0s to 1d",
        "greylist.retryWindow; 5s;              greylist.retryWindow: must be longer than greylist.minDelay",
        "greylist.retryWindow; 60d;             greylist.retryWindow: expected a duration from 1s to 30d",
        "greylist.whitelistLifetime; 0s;        greylist.whitelistLifetime: expected a duration from 1s",
        "greylist.network.threshold; -1;        greylist.network.threshold: expected a whole number",
        "greylist.network.threshold; five;      greylist.network.threshold: expected a whole number",
        "greylist.network.threshold; 1001;      greylist.network.threshold: expected a whole number from 0 (never) to 1000",
        "greylist.network.lifetime; forever;    greylist.network.lifetime: expected a duration",
        "greylist.whitelist.networks; 192.0.2.0/24,nonsense; greylist.whitelist.networks: 'nonsense' is not a valid network",
        "greylist.whitelist.networks; 0.0.0.0/0; greylist.whitelist.networks: '0.0.0.0/0' is too broad",
        "greylist.whitelist.networks; ::/0;      greylist.whitelist.networks: '::/0' is too broad",
        "greylist.whitelist.networks; 10.0.0.0/33; greylist.whitelist.networks: '10.0.0.0/33' is not a valid network",
        "greylist.whitelist.senderDomains; a..b; greylist.whitelist.senderDomains: 'a..b' is not a valid domain name",
        "greylist.purge.interval; 0s;           greylist.purge.interval: expected a duration from 1s to 1d",
        "greylist.purge.batch; 0;               greylist.purge.batch: expected a whole number from 1 to 1000000",
        "greylist.purge.batch; 10k;             greylist.purge.batch: expected a whole number",
        "greylist.minDelai; 10s;                greylist.minDelai: unknown key"
    })
    void invalidValuesNameTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> GreylistSettings.fromProperties(properties(key, value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(message);
    }

    @Test
    void blankValuesKeepTheDefaults() {
        assertThat(GreylistSettings.fromProperties(properties("greylist.minDelay", " ", "greylist.whitelist.networks", "")))
            .isEqualTo(GreylistSettings.defaults());
    }
}
