package io.cleanport.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesOfAnExactSort() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, unsorted
        }
        LatencyStats s = LatencyStats.ofNanos(samples, 100);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.p50()).isEqualTo(50.0);
        assertThat(s.p90()).isEqualTo(90.0);
        assertThat(s.p99()).isEqualTo(99.0);
        assertThat(s.max()).isEqualTo(100.0);
        assertThat(s.mean()).isEqualTo(50.5);
    }

    @Test
    void smallAndEmpty() {
        LatencyStats one = LatencyStats.ofNanos(new long[] {-2_000_000L, 99}, 1);
        assertThat(one.p50()).isEqualTo(-2.0);
        assertThat(one.max()).isEqualTo(-2.0);
        assertThat(LatencyStats.ofNanos(new long[0], 0)).isEqualTo(LatencyStats.EMPTY);
        assertThat(LatencyStats.EMPTY.p99()).isNaN();
    }
}
