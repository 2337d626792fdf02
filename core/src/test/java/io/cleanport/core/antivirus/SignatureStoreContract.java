package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.scan.Fingerprint;

/** What every {@link SignatureStore} does. */
public interface SignatureStoreContract {
    Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");
    Instant T1 = Instant.parse("2026-12-01T11:30:00Z");
    Instant T2 = Instant.parse("2026-12-02T08:00:00.5Z");

    SignatureStore store();

    /** A store over the same storage, reopened (new connection pool, schema migrated again). */
    SignatureStore reopenedStore();

    @BeforeEach
    default void emptyTheStore() {
        store().all().forEach(signature -> store().delete(signature.id()));
    }

    /** Random content of {@code size} bytes: from 512 bytes on, it has a similarity digest. */
    static byte[] content(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static NewSignature signature(long seed, int size, String name, SignatureSource source) {
        return NewSignature.of(Fingerprint.of(content(seed, size)), name, source, "attachment 'file" + seed + ".exe'");
    }

    static NewSignature signature(long seed) {
        return signature(seed, 4096, "CleanPort.Test.Virus-" + seed, SignatureSource.RULE);
    }

    @Test
    default void anEmptyStoreHasNoSignatures() {
        assertThat(store().all()).isEmpty();
        assertThat(store().ids()).isEmpty();
        assertThat(store().listAfter(0)).isEmpty();
        assertThat(store().get(1)).isEmpty();
        assertThat(store().delete(1)).isFalse();
    }

    @Test
    default void addStoresTheSignatureWithAnIdAndNoHits() {
        NewSignature learned = signature(1);

        VirusSignature stored = store().add(learned, T0);

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(VirusSignature.learned(stored.id(), learned, T0));
        assertThat(stored.hits()).isZero();
        assertThat(stored.lastHit()).isEmpty();
        assertThat(store().get(stored.id())).contains(stored);
        assertThat(store().all()).containsExactly(stored);
    }

    @Test
    default void everyPartIsStoredAsItWas() {
        List<NewSignature> learned = List.of(
            signature(2, 100, "EICAR-Test-File", SignatureSource.CLAMD),
            signature(3, 20 * 1024, "Win.Trojan.Agent-1234;'\"--/*", SignatureSource.ADMIN),
            new NewSignature("0".repeat(64), 0, Optional.empty(), "V".repeat(128), SignatureSource.RULE,
                "« Ünïcode » ✓ \u202Efdp.exe " + "e".repeat(600)),
            new NewSignature("f".repeat(64), Long.MAX_VALUE, Optional.empty(), "x", SignatureSource.RULE, null));
        List<VirusSignature> stored = new ArrayList<>();
        learned.forEach(signature -> stored.add(store().add(signature, T0)));

        assertThat(store().all()).containsExactlyElementsOf(stored);
        for (int i = 0; i < learned.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(VirusSignature.learned(stored.get(i).id(), learned.get(i), T0));
        }
        assertThat(stored.get(0).similarity()).as("too small for a digest").isEmpty();
        assertThat(stored.get(2).evidence()).hasSize(500).contains("\\u202E");
        assertThat(stored.get(3).evidence()).isEmpty();
    }

    @Test
    default void theSimilarityDigestRoundTrips() {
        NewSignature learned = signature(4, 64 * 1024, "CleanPort.Test.Big", SignatureSource.RULE);

        VirusSignature stored = store().add(learned, T0);

        assertThat(learned.similarity()).isPresent();
        assertThat(store().get(stored.id()).orElseThrow().similarity()).isEqualTo(learned.similarity());
        assertThat(store().get(stored.id()).orElseThrow().similarity().orElseThrow().similarity(learned.similarity().orElseThrow()))
            .isEqualTo(1.0);
    }

    @Test
    default void addingTheSameContentAgainKeepsTheFirstSignature() {
        VirusSignature first = store().add(signature(5, 4096, "First.Name", SignatureSource.RULE), T0);
        long changes = store().changeCount();

        VirusSignature again = store().add(signature(5, 4096, "Other.Name", SignatureSource.ADMIN), T1);

        assertThat(again).isEqualTo(first);
        assertThat(store().all()).containsExactly(first);
        assertThat(store().changeCount()).isEqualTo(changes);
    }

    @Test
    default void idsGrowAndListAfterGivesTheLaterOnes() {
        VirusSignature a = store().add(signature(6), T0);
        VirusSignature b = store().add(signature(7), T0);
        VirusSignature c = store().add(signature(8), T1);

        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(c.id()).isGreaterThan(b.id());
        assertThat(store().all()).containsExactly(a, b, c);
        assertThat(store().ids()).containsExactly(a.id(), b.id(), c.id());
        assertThat(store().listAfter(a.id())).containsExactly(b, c);
        assertThat(store().listAfter(c.id())).isEmpty();
        assertThat(store().listAfter(0)).containsExactly(a, b, c);
    }

    @Test
    default void deleteAnswersWhetherTheSignatureWasThere() {
        VirusSignature a = store().add(signature(9), T0);
        VirusSignature b = store().add(signature(10), T0);

        assertThat(store().delete(a.id())).isTrue();
        assertThat(store().delete(a.id())).isFalse();

        assertThat(store().get(a.id())).isEmpty();
        assertThat(store().all()).containsExactly(b);
        assertThat(store().ids()).containsExactly(b.id());
    }

    @Test
    default void contentLearnedAgainAfterADeleteGetsANewId() {
        VirusSignature first = store().add(signature(11), T0);
        store().delete(first.id());

        VirusSignature again = store().add(signature(11), T1);

        assertThat(again.id()).isGreaterThan(first.id());
        assertThat(again.firstSeen()).isEqualTo(T1);
    }

    @Test
    default void theChangeCountGrowsWithAddsAndDeletesOnly() {
        long start = store().changeCount();
        VirusSignature a = store().add(signature(12), T0);
        long afterAdd = store().changeCount();
        store().add(signature(12), T0);
        store().recordHits(Map.of(a.id(), 3L), T1);
        long afterHits = store().changeCount();
        store().delete(a.id());
        long afterDelete = store().changeCount();
        store().delete(a.id());

        assertThat(afterAdd).isGreaterThan(start);
        assertThat(afterHits).isEqualTo(afterAdd);
        assertThat(afterDelete).isGreaterThan(afterHits);
        assertThat(store().changeCount()).isEqualTo(afterDelete);
    }

    @Test
    default void recordHitsAddsToTheCountsAndKeepsTheLatestHit() {
        VirusSignature a = store().add(signature(13), T0);
        VirusSignature b = store().add(signature(14), T0);

        store().recordHits(Map.of(a.id(), 2L), T1);
        store().recordHits(Map.of(a.id(), 5L, b.id(), 1L), T2);
        store().recordHits(Map.of(a.id(), 1L), T1);

        assertThat(store().get(a.id()).orElseThrow()).isEqualTo(a.withHits(8, T2));
        assertThat(store().get(b.id()).orElseThrow().hits()).isEqualTo(1);
        assertThat(store().get(b.id()).orElseThrow().lastHit()).contains(T2);
    }

    @Test
    default void hitsOfUnknownSignaturesAreIgnored() {
        VirusSignature a = store().add(signature(15), T0);
        long unknown = a.id() + 1000;

        store().recordHits(Map.of(unknown, 4L, a.id(), 1L), T1);
        store().recordHits(Map.of(), T1);

        assertThat(store().get(unknown)).isEmpty();
        assertThat(store().get(a.id()).orElseThrow().hits()).isEqualTo(1);
    }

    @Test
    default void aHitCountMustBePositive() {
        VirusSignature a = store().add(signature(16), T0);

        assertThatThrownBy(() -> store().recordHits(Map.of(a.id(), 0L), T1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().recordHits(Map.of(a.id(), -2L), T1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().get(a.id()).orElseThrow().hits()).isZero();
    }

    @Test
    default void nodesAddingTheSameContentAtOnceGetOneSignature() throws Exception {
        long changes = store().changeCount();
        List<VirusSignature> results = concurrently(8, i -> store().add(signature(17, 4096, "Node" + i, SignatureSource.RULE), T0));

        assertThat(results).map(VirusSignature::id).containsOnly(results.get(0).id());
        assertThat(store().all()).containsExactly(results.get(0));
        assertThat(store().changeCount()).isEqualTo(changes + 1);
    }

    @Test
    default void nodesAddingDifferentContentAtOnceGetOneSignatureEach() throws Exception {
        List<VirusSignature> results = concurrently(8, i -> store().add(signature(100 + i), T0));

        assertThat(results).map(VirusSignature::id).doesNotHaveDuplicates();
        assertThat(store().all()).containsExactlyInAnyOrderElementsOf(results);
    }

    @Test
    default void signaturesSurviveAReopen() {
        VirusSignature a = store().add(signature(18, 30_000, "Big.One", SignatureSource.CLAMD), T0);
        VirusSignature b = store().add(signature(19, 200, "Small.One", SignatureSource.ADMIN), T1);
        store().recordHits(Map.of(a.id(), 7L), T2);
        long changes = store().changeCount();

        SignatureStore reopened = reopenedStore();

        assertThat(reopened.all()).containsExactly(a.withHits(7, T2), b);
        assertThat(reopened.changeCount()).isEqualTo(changes);
        assertThat(reopened.add(signature(20), T2).id()).isGreaterThan(b.id());
    }

    @FunctionalInterface
    interface Work<T> {
        T run(int thread) throws Exception;
    }

    /** What {@code threads} threads started at the same moment return, in thread order. */
    private static <T> List<T> concurrently(int threads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                Callable<T> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
