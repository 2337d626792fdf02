package io.cleanport.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.testing.MutableClock;

class ExpiringCacheTest {
    static final Duration TTL = Duration.ofSeconds(30);

    /** The source behind the cache: what it holds, and how often it was read. */
    private final Map<String, String> source = new HashMap<>();
    private final Map<String, Integer> reads = new HashMap<>();
    private final MutableClock clock = MutableClock.atEpochPlusOneDay();
    private final ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(TTL, clock, 100, this::read);

    private Optional<String> read(String key) {
        reads.merge(key, 1, Integer::sum);
        return Optional.ofNullable(source.get(key));
    }

    @Test
    void readsEachKeyOnceWithinTheTtl() {
        source.put("a", "1");

        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("a")).contains("1");
            assertThat(cache.get("b")).isEmpty();
        }

        assertThat(reads).containsEntry("a", 1).containsEntry("b", 1);
    }

    @Test
    void changesInTheSourceAreSeenOnlyAfterTheTtl() {
        source.put("a", "1");
        assertThat(cache.get("a")).contains("1");

        source.put("a", "2");
        clock.advance(TTL.minusSeconds(1));
        assertThat(cache.get("a")).contains("1");

        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get("a")).contains("2");
    }

    @Test
    void anEmptyAnswerIsCachedToo() {
        assertThat(cache.get("a")).isEmpty();
        source.put("a", "1");

        assertThat(cache.get("a")).isEmpty();
        clock.advance(TTL.plusSeconds(1));
        assertThat(cache.get("a")).contains("1");
    }

    @Test
    void anInvalidatedKeyIsReadAgainAtOnce() {
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).isEmpty();
        source.put("a", "1");
        source.put("b", "1");

        cache.invalidate("a");

        assertThat(cache.get("a")).contains("1");
        assertThat(cache.get("b")).isEmpty();
    }

    @Test
    void invalidateIfForgetsTheKeysItAccepts() {
        cache.get("a1");
        cache.get("a2");
        cache.get("b1");
        source.put("a1", "1");
        source.put("a2", "1");
        source.put("b1", "1");

        cache.invalidateIf(key -> key.startsWith("a"));

        assertThat(cache.get("a1")).contains("1");
        assertThat(cache.get("a2")).contains("1");
        assertThat(cache.get("b1")).isEmpty();
    }

    @Test
    void invalidateAllForgetsEverything() {
        cache.get("a");
        cache.get("b");
        source.put("a", "1");
        source.put("b", "1");

        cache.invalidateAll();

        assertThat(cache.get("a")).contains("1");
        assertThat(cache.get("b")).contains("1");
    }

    @Test
    void theLoadersFailureSurfacesAsIsAndIsNotCached() {
        boolean[] down = {true};
        ExpiringCache<String, String> failing = new ExpiringCache<>(TTL, clock, 100, key -> {
            if (down[0]) {
                throw new StoreException("database down");
            }
            return "up";
        });

        assertThatThrownBy(() -> failing.get("a")).isInstanceOf(StoreException.class).hasMessage("database down");

        down[0] = false;
        assertThat(failing.get("a")).isEqualTo("up");
    }

    @Test
    void theTtlMustBePositive() {
        assertThatThrownBy(() -> new ExpiringCache<String, String>(Duration.ZERO, clock, 100, key -> key))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, got PT0S");
        assertThatThrownBy(() -> new ExpiringCache<String, String>(Duration.ofSeconds(-1), clock, 100, key -> key))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }
}
