package io.cleanport.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSettingTest {
    @Test
    void readsEveryUnit() {
        assertThat(DurationSetting.parse("k", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationSetting.parse("k", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationSetting.parse("k", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationSetting.parse("k", "36d")).isEqualTo(Duration.ofDays(36));
        assertThat(DurationSetting.parse("k", "0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresSurroundingBlanksAndCase() {
        assertThat(DurationSetting.parse("k", " 10S ")).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10", "s", "-1s", "1.5h", "1h30m", "10 s", "10ms", "10w", "99999999999d", "1e3s"})
    void refusesAnythingElseNamingTheKey(String text) {
        assertThatThrownBy(() -> DurationSetting.parse("greylist.minDelay", text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("greylist.minDelay: expected a duration such as 10s");
    }

    @Test
    void formatsTheShortestReadableForm() {
        assertThat(DurationSetting.format(Duration.ofDays(36))).isEqualTo("36d");
        assertThat(DurationSetting.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationSetting.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DurationSetting.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(DurationSetting.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationSetting.format(Duration.ofMillis(1500))).isEqualTo("2s");
    }
}
