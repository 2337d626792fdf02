package io.cleanport.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CleanPortIdTest {
    @Test
    void idsHaveTheDocumentedShapeAndRoundTrip() {
        CleanPortId id = CleanPortId.generate(Clock.systemUTC());
        assertThat(id.asString()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(CleanPortId.of(id.asString().toLowerCase())).isEqualTo(id);
    }

    @Test
    void idsSortByArrivalTime() {
        CleanPortId earlier = CleanPortId.generate(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        CleanPortId later = CleanPortId.generate(Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC));
        assertThat(earlier.asString().compareTo(later.asString())).isNegative();
    }

    @Test
    void theFirstTenCharactersAreTheMillisecondsOfArrival() {
        CleanPortId id = CleanPortId.generate(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
        assertThat(id.asString()).startsWith("01KJMMA2G0");
    }

    @Test
    void idsGeneratedInTheSameMillisecondDiffer() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Set<CleanPortId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(CleanPortId.generate(clock));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void rejectsOtherShapes() {
        assertThatThrownBy(() -> CleanPortId.of("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CleanPortId.of("0123456789ABCDEFGHJKMNPQRU")).isInstanceOf(IllegalArgumentException.class);
    }
}
