package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ScanLimitsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ScanLimits limits = ScanLimits.defaults();
        assertThat(limits.maxDepth()).isEqualTo(20);
        assertThat(limits.maxParts()).isEqualTo(1000);
        assertThat(limits.maxHeaderFields()).isEqualTo(1000);
        assertThat(limits.maxHeaderFieldBytes()).isEqualTo(65536);
        assertThat(limits.maxDecodedBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(limits.maxScanTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eachLimitCanBeChangedAlone() {
        ScanLimits limits = ScanLimits.defaults().withMaxDepth(5).withMaxParts(10).withMaxHeaderFields(20)
            .withMaxHeaderFieldBytes(2048).withMaxDecodedBytes(1).withMaxScanTime(Duration.ofMillis(1));
        assertThat(limits).isEqualTo(new ScanLimits(5, 10, 20, 2048, 1, Duration.ofMillis(1)));
        assertThat(ScanLimits.defaults().withMaxParts(5).maxDepth()).isEqualTo(20);
    }

    @Test
    void refusesLimitsOutOfRangeNamingThem() {
        ScanLimits d = ScanLimits.defaults();
        assertThatThrownBy(() -> d.withMaxDepth(0)).hasMessage("maxDepth: 0 is out of range; expected 1 to 100");
        assertThatThrownBy(() -> d.withMaxParts(0)).hasMessageStartingWith("maxParts: ");
        assertThatThrownBy(() -> d.withMaxHeaderFields(-1)).hasMessageStartingWith("maxHeaderFields: ");
        assertThatThrownBy(() -> d.withMaxHeaderFieldBytes(100)).hasMessageStartingWith("maxHeaderFieldBytes: ");
        assertThatThrownBy(() -> d.withMaxDecodedBytes(0)).hasMessageStartingWith("maxDecodedBytes: ");
        assertThatThrownBy(() -> d.withMaxScanTime(Duration.ZERO)).hasMessageStartingWith("maxScanTime: ");
        assertThatThrownBy(() -> d.withMaxScanTime(Duration.ofHours(2))).hasMessageStartingWith("maxScanTime: ");
        assertThatThrownBy(() -> d.withMaxScanTime(null)).isInstanceOf(NullPointerException.class);
    }
}
