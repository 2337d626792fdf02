package io.cleanport.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;

/**
 * What durable {@link Counters} do. Every test uses fresh instances over one database that keeps what
 * earlier tests flushed, so tests compare against the values they start from.
 */
public interface CountersContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");

    /** New counters over the shared database, as a (re)started node would have. */
    Counters newCounters();

    private static long get(Map<Counter, Long> snapshot, Counter counter) {
        return snapshot.get(counter);
    }

    @Test
    default void everyCounterIsPresentInOrderZeroWhenNeverCounted() {
        Counters counters = newCounters();
        DomainName unused = DomainName.of("never-counted.example");

        assertThat(counters.snapshot(Optional.of(unused))).containsExactly(
            Map.entry(Counter.GREYLISTED, 0L), Map.entry(Counter.GREYLIST_PASSED, 0L), Map.entry(Counter.GREYLIST_WHITELISTED, 0L),
            Map.entry(Counter.VIRUS, 0L), Map.entry(Counter.SPAM, 0L), Map.entry(Counter.CONTENT, 0L),
            Map.entry(Counter.RELEASED, 0L));
    }

    @Test
    default void aSnapshotIncludesWhatIsNotFlushedYet() {
        Counters counters = newCounters();
        Map<Counter, Long> before = counters.snapshot(Optional.of(EXAMPLE));
        Map<Counter, Long> totalBefore = counters.snapshot(Optional.empty());

        counters.increment(Counter.GREYLISTED, EXAMPLE);
        counters.increment(Counter.GREYLISTED, EXAMPLE);
        counters.increment(Counter.GREYLIST_PASSED, OTHER);

        assertThat(get(counters.snapshot(Optional.of(EXAMPLE)), Counter.GREYLISTED)).isEqualTo(get(before, Counter.GREYLISTED) + 2);
        assertThat(get(counters.snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_PASSED)).isEqualTo(get(before, Counter.GREYLIST_PASSED));
        assertThat(get(counters.snapshot(Optional.empty()), Counter.GREYLISTED)).isEqualTo(get(totalBefore, Counter.GREYLISTED) + 2);
        assertThat(get(counters.snapshot(Optional.empty()), Counter.GREYLIST_PASSED)).isEqualTo(get(totalBefore, Counter.GREYLIST_PASSED) + 1);
    }

    @Test
    default void flushMakesCountsDurableAndAddsToWhatIsStored() {
        Counters first = newCounters();
        long before = get(first.snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_WHITELISTED);
        first.add(Counter.GREYLIST_WHITELISTED, EXAMPLE, 5);
        first.flush();
        first.increment(Counter.GREYLIST_WHITELISTED, EXAMPLE);
        first.flush();
        first.flush();

        Counters restarted = newCounters();
        assertThat(get(restarted.snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_WHITELISTED)).isEqualTo(before + 6);
        assertThat(get(first.snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_WHITELISTED)).isEqualTo(before + 6);
    }

    @Test
    default void unflushedCountsOfAnotherInstanceAreNotSeen() {
        Counters node = newCounters();
        Counters otherNode = newCounters();
        long before = get(node.snapshot(Optional.of(OTHER)), Counter.GREYLISTED);

        otherNode.increment(Counter.GREYLISTED, OTHER);

        assertThat(get(node.snapshot(Optional.of(OTHER)), Counter.GREYLISTED)).isEqualTo(before);
        otherNode.flush();
        assertThat(get(node.snapshot(Optional.of(OTHER)), Counter.GREYLISTED)).isEqualTo(before + 1);
    }

    @Test
    default void twoInstancesOnOneDatabaseAddUp() {
        Counters node = newCounters();
        Counters otherNode = newCounters();
        long domainBefore = get(node.snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_PASSED);
        long totalBefore = get(node.snapshot(Optional.empty()), Counter.GREYLIST_PASSED);

        node.add(Counter.GREYLIST_PASSED, EXAMPLE, 3);
        otherNode.add(Counter.GREYLIST_PASSED, EXAMPLE, 4);
        otherNode.add(Counter.GREYLIST_PASSED, OTHER, 10);
        node.flush();
        otherNode.flush();

        assertThat(get(newCounters().snapshot(Optional.of(EXAMPLE)), Counter.GREYLIST_PASSED)).isEqualTo(domainBefore + 7);
        assertThat(get(newCounters().snapshot(Optional.empty()), Counter.GREYLIST_PASSED)).isEqualTo(totalBefore + 17);
    }

    @Test
    default void aCountWithoutDomainGoesToTheTotalOnly() {
        Counters counters = newCounters();
        long domainBefore = get(counters.snapshot(Optional.of(EXAMPLE)), Counter.GREYLISTED);
        long totalBefore = get(counters.snapshot(Optional.empty()), Counter.GREYLISTED);

        counters.increment(Counter.GREYLISTED);
        counters.flush();

        assertThat(get(counters.snapshot(Optional.of(EXAMPLE)), Counter.GREYLISTED)).isEqualTo(domainBefore);
        assertThat(get(counters.snapshot(Optional.empty()), Counter.GREYLISTED)).isEqualTo(totalBefore + 1);
    }

    @Test
    default void flushWithNothingCountedIsHarmless() {
        Counters counters = newCounters();
        Map<Counter, Long> before = counters.snapshot(Optional.empty());

        counters.flush();

        assertThat(counters.snapshot(Optional.empty())).isEqualTo(before);
    }

    @Test
    default void countersOnlyGrow() {
        assertThatThrownBy(() -> newCounters().add(Counter.GREYLISTED, EXAMPLE, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void concurrentCountingLosesNothing() throws InterruptedException {
        Counters counters = newCounters();
        long before = get(counters.snapshot(Optional.of(EXAMPLE)), Counter.GREYLISTED);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    counters.increment(Counter.GREYLISTED, EXAMPLE);
                    if (i % 1_000 == 0) {
                        counters.flush();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        counters.flush();

        assertThat(get(newCounters().snapshot(Optional.of(EXAMPLE)), Counter.GREYLISTED)).isEqualTo(before + 20_000);
    }
}
