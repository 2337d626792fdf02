package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.scan.SimilarityDigest;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.testing.MutableClock;

class SignatureIndexTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemorySignatureStore store = new InMemorySignatureStore();
    private final MutableClock clock = new MutableClock(T0);
    private final SignatureIndex index = new SignatureIndex(store, clock);

    static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code original} with {@code changes} bytes at random places replaced by other values. */
    static byte[] changed(byte[] original, int changes, long seed) {
        byte[] copy = original.clone();
        Random random = new Random(seed);
        for (int i = 0; i < changes; i++) {
            int at = random.nextInt(copy.length);
            copy[at] = (byte) (copy[at] + 1 + random.nextInt(255));
        }
        return copy;
    }

    static NewSignature learned(byte[] content, String name) {
        return NewSignature.of(Fingerprint.of(content), name, SignatureSource.RULE, "attachment 'x.exe' (part 2)");
    }

    @Test
    void theSameContentMatchesExactly() {
        byte[] virus = random(1, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.Exact"));

        Optional<SignatureMatch> match = index.match(Fingerprint.of(virus));

        assertThat(match).contains(new SignatureMatch(signature, true, 1));
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aRepackedCopyWithAFewBytesChangedMatchesBySimilarity() {
        byte[] virus = random(2, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.Repacked"));
        byte[] copy = changed(virus, 30, 99);

        Optional<SignatureMatch> match = index.match(Fingerprint.of(copy));

        assertThat(match).hasValueSatisfying(found -> {
            assertThat(found.signature()).isEqualTo(signature);
            assertThat(found.exact()).isFalse();
            assertThat(found.similarity()).isGreaterThanOrEqualTo(0.8).isLessThanOrEqualTo(1);
        });
    }

    @Test
    void unrelatedContentOfTheSameSizeDoesNotMatch() {
        index.learn(learned(random(3, 20 * 1024), "CleanPort.Test.Virus"));

        for (long seed = 100; seed < 120; seed++) {
            assertThat(index.match(Fingerprint.of(random(seed, 20 * 1024)))).as("seed %d", seed).isEmpty();
        }
        assertThat(index.pendingHits()).isEmpty();
    }

    @Test
    void aTinyFileMatchesOnlyExactly() {
        byte[] tiny = random(4, 300);
        VirusSignature signature = index.learn(learned(tiny, "CleanPort.Test.Tiny"));

        assertThat(signature.similarity()).isEmpty();
        assertThat(index.match(Fingerprint.of(tiny))).contains(new SignatureMatch(signature, true, 1));
        assertThat(index.match(Fingerprint.of(changed(tiny, 1, 5)))).isEmpty();
    }

    @Test
    void aFileMoreThanTwiceTheSizeIsNotACopyWhateverItsShingles() {
        byte[] virus = random(6, 4 * 1024);
        index.learn(learned(virus, "CleanPort.Test.Sized"));
        byte[] twice = new byte[virus.length * 2];
        byte[] thrice = new byte[virus.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(virus, 0, thrice, i * virus.length, virus.length);
            if (i < 2) {
                System.arraycopy(virus, 0, twice, i * virus.length, virus.length);
            }
        }

        assertThat(index.match(Fingerprint.of(twice))).as("within a factor 2").isPresent();
        assertThat(index.match(Fingerprint.of(thrice))).isEmpty();
    }

    @Test
    void theMostSimilarSignatureWins() {
        byte[] original = random(7, 16 * 1024);
        byte[] variant = changed(original, 60, 8);
        VirusSignature first = index.learn(learned(original, "CleanPort.Test.Original"));
        VirusSignature second = index.learn(learned(variant, "CleanPort.Test.Variant"));

        assertThat(index.match(Fingerprint.of(changed(variant, 2, 9))).orElseThrow().signature()).isEqualTo(second);
        assertThat(index.match(Fingerprint.of(changed(original, 2, 9))).orElseThrow().signature()).isEqualTo(first);
    }

    @Test
    void aSignatureLearnedOnAnotherNodeIsSeenAfterARefresh() {
        SignatureIndex otherNode = new SignatureIndex(store, clock);
        byte[] virus = random(10, 20 * 1024);

        VirusSignature learned = otherNode.learn(learned(virus, "CleanPort.Test.Elsewhere"));

        assertThat(otherNode.match(Fingerprint.of(virus))).isPresent();
        assertThat(index.match(Fingerprint.of(virus))).as("before the refresh").isEmpty();
        index.refresh();
        assertThat(index.match(Fingerprint.of(virus))).contains(new SignatureMatch(learned, true, 1));
        assertThat(index.match(Fingerprint.of(changed(virus, 30, 11)))).hasValueSatisfying(match ->
            assertThat(match.signature()).isEqualTo(learned));
    }

    @Test
    void aDeletedSignatureStopsMatchingOnEveryNode() {
        SignatureIndex otherNode = new SignatureIndex(store, clock);
        byte[] virus = random(12, 20 * 1024);
        byte[] kept = random(13, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.FalsePositive"));
        index.learn(learned(kept, "CleanPort.Test.Kept"));
        otherNode.refresh();
        assertThat(otherNode.match(Fingerprint.of(virus))).isPresent();

        assertThat(index.delete(signature.id())).isTrue();

        assertThat(index.match(Fingerprint.of(virus))).isEmpty();
        assertThat(index.match(Fingerprint.of(changed(virus, 30, 14)))).isEmpty();
        assertThat(otherNode.match(Fingerprint.of(virus))).as("until its refresh").isPresent();
        otherNode.refresh();
        assertThat(otherNode.match(Fingerprint.of(virus))).isEmpty();
        assertThat(otherNode.match(Fingerprint.of(changed(virus, 30, 14)))).isEmpty();
        assertThat(otherNode.match(Fingerprint.of(kept))).isPresent();
        assertThat(otherNode.size()).isEqualTo(1);
        assertThat(index.delete(signature.id())).isFalse();
    }

    @Test
    void aSignatureDeletedAndLearnedAgainOnAnotherNodeIsSeenAgain() {
        SignatureIndex otherNode = new SignatureIndex(store, clock);
        byte[] virus = random(15, 20 * 1024);
        VirusSignature first = index.learn(learned(virus, "CleanPort.Test.Again"));
        otherNode.refresh();

        otherNode.delete(first.id());
        VirusSignature second = otherNode.learn(learned(virus, "CleanPort.Test.Again"));
        index.refresh();

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(index.match(Fingerprint.of(virus))).contains(new SignatureMatch(second, true, 1));
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void hitsAreCountedInMemoryThenFlushedToTheStore() {
        byte[] virus = random(16, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.Hits"));
        index.match(Fingerprint.of(virus));
        index.match(Fingerprint.of(virus));
        index.match(Fingerprint.of(changed(virus, 10, 17)));
        assertThat(store.get(signature.id()).orElseThrow().hits()).as("before the flush").isZero();
        clock.advance(Duration.ofMinutes(5));

        index.flushHits();

        assertThat(store.get(signature.id()).orElseThrow()).isEqualTo(signature.withHits(3, T0.plus(Duration.ofMinutes(5))));
        assertThat(index.pendingHits()).isEmpty();
        assertThat(index.all()).singleElement().satisfies(stored -> assertThat(stored.hits()).isEqualTo(3));
        assertThat(index.get(signature.id()).orElseThrow().hits()).isEqualTo(3);
    }

    @Test
    void hitsAreKeptWhenTheStoreFailsAndFlushedLater() {
        byte[] virus = random(18, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.Outage"));
        index.match(Fingerprint.of(virus));
        store.breakDown("database down");

        assertThatThrownBy(index::flushHits).isInstanceOf(StoreException.class).hasMessage("database down");
        index.match(Fingerprint.of(virus));
        assertThat(index.pendingHits()).isEqualTo(Map.of(signature.id(), 2L));

        store.repair();
        index.flushHits();
        index.flushHits();

        assertThat(store.get(signature.id()).orElseThrow().hits()).isEqualTo(2);
    }

    @Test
    void matchingGoesOnFromMemoryWhileTheStoreIsDown() {
        byte[] virus = random(19, 20 * 1024);
        index.learn(learned(virus, "CleanPort.Test.Memory"));
        store.breakDown("database down");

        assertThat(index.match(Fingerprint.of(virus))).isPresent();
        assertThatThrownBy(index::refresh).isInstanceOf(StoreException.class);
        assertThat(index.match(Fingerprint.of(changed(virus, 30, 20)))).isPresent();
        assertThat(index.learn(learned(virus, "CleanPort.Test.Memory")).sha256())
            .as("content known already is not sent to the store again").isEqualTo(Fingerprint.of(virus).sha256());
    }

    @Test
    void learningKnownContentKeepsTheFirstSignature() {
        byte[] virus = random(21, 2048);
        VirusSignature first = index.learn(learned(virus, "First.Name"));

        VirusSignature again = index.learn(NewSignature.of(Fingerprint.of(virus), "Other.Name", SignatureSource.ADMIN, "report"));

        assertThat(again).isEqualTo(first);
        assertThat(store.all()).containsExactly(first);
    }

    @Test
    void aRefreshWithoutChangesReadsOnlyTheChangeCount() {
        CountingStore counting = new CountingStore(store);
        SignatureIndex counted = new SignatureIndex(counting, clock);
        index.learn(learned(random(22, 4096), "CleanPort.Test.One"));
        counted.refresh();
        int reads = counting.reads.get();

        counted.refresh();
        counted.refresh();

        assertThat(counting.reads.get()).isEqualTo(reads);
        assertThat(counting.changeCounts.get()).isGreaterThanOrEqualTo(3);
        assertThat(counted.size()).isEqualTo(1);
    }

    @Test
    void theThresholdMustBeFromOneHalfToOne() {
        for (double bad : new double[] {0.49, 1.01, Double.NaN, -1}) {
            assertThatThrownBy(() -> new SignatureIndex(store, clock, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("similarityThreshold: ");
        }
        assertThat(new SignatureIndex(store, clock, 0.5).similarityThreshold()).isEqualTo(0.5);
        assertThat(new SignatureIndex(store, clock, 1).similarityThreshold()).isEqualTo(1.0);
        assertThat(index.similarityThreshold()).isEqualTo(SignatureIndex.DEFAULT_SIMILARITY_THRESHOLD);
    }

    @Test
    void anIndexStartsWithWhatTheStoreHolds() {
        byte[] virus = random(23, 20 * 1024);
        VirusSignature signature = index.learn(learned(virus, "CleanPort.Test.Loaded"));

        SignatureIndex restarted = new SignatureIndex(store, clock);

        assertThat(restarted.size()).isEqualTo(1);
        assertThat(restarted.match(Fingerprint.of(changed(virus, 30, 24))).orElseThrow().signature()).isEqualTo(signature);
    }

    /**
     * Ten thousand signatures with digests: every exact and every changed copy finds its own signature,
     * unrelated files find none, learned one by one (the postings rebuilt along the way) or loaded at once.
     */
    @Test
    void tenThousandSignaturesStayCorrect() {
        int count = 10_000;
        List<byte[]> viruses = new ArrayList<>(count);
        List<VirusSignature> signatures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] virus = random(1_000_000L + i, 1024 + (i % 7) * 512);
            viruses.add(virus);
            signatures.add(index.learn(learned(virus, "CleanPort.Test.Many-" + i)));
        }
        assertThat(signatures).allSatisfy(signature -> assertThat(signature.similarity()).isPresent());
        SignatureIndex loaded = new SignatureIndex(store, clock);

        for (SignatureIndex node : List.of(index, loaded)) {
            assertThat(node.size()).isEqualTo(count);
            for (int i = 0; i < count; i += 37) {
                assertThat(node.match(Fingerprint.of(viruses.get(i)))).as("exact %d", i)
                    .contains(new SignatureMatch(signatures.get(i), true, 1));
                VirusSignature expected = signatures.get(i);
                byte[] copy = changed(viruses.get(i), 3, i);
                assertThat(node.match(Fingerprint.of(copy))).as("copy of %d", i).hasValueSatisfying(match -> {
                    assertThat(match.signature()).isEqualTo(expected);
                    assertThat(match.exact()).isFalse();
                });
            }
            for (long seed = 0; seed < 300; seed++) {
                assertThat(node.match(Fingerprint.of(random(seed, 1024 + (int) (seed % 7) * 512)))).as("unrelated %d", seed).isEmpty();
            }
        }
    }

    @Test
    void digestsOfTheTestContentAreThere() {
        assertThat(SimilarityDigest.of(random(1, 20 * 1024))).isPresent();
        assertThat(SimilarityDigest.of(random(1, 300))).isEmpty();
    }

    /** Counts the reads that load signatures, and those of the change count. */
    private static final class CountingStore implements SignatureStore {
        final SignatureStore delegate;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger changeCounts = new AtomicInteger();

        CountingStore(SignatureStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public VirusSignature add(NewSignature signature, Instant now) {
            return delegate.add(signature, now);
        }

        @Override
        public List<VirusSignature> all() {
            reads.incrementAndGet();
            return delegate.all();
        }

        @Override
        public List<VirusSignature> listAfter(long afterId) {
            reads.incrementAndGet();
            return delegate.listAfter(afterId);
        }

        @Override
        public long[] ids() {
            reads.incrementAndGet();
            return delegate.ids();
        }

        @Override
        public Optional<VirusSignature> get(long id) {
            return delegate.get(id);
        }

        @Override
        public boolean delete(long id) {
            return delegate.delete(id);
        }

        @Override
        public void recordHits(Map<Long, Long> hitsById, Instant at) {
            delegate.recordHits(hitsById, at);
        }

        @Override
        public long changeCount() {
            changeCounts.incrementAndGet();
            return delegate.changeCount();
        }
    }
}
