package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.testing.MutableClock;

class SignatureSyncTest {
    private final InMemorySignatureStore store = new InMemorySignatureStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SignatureIndex node = new SignatureIndex(store, clock);
    private final SignatureIndex otherNode = new SignatureIndex(store, clock);
    private final byte[] virus = SignatureIndexTest.random(1, 8 * 1024);

    @Test
    void aSyncPicksUpWhatOtherNodesLearnedAndFlushesTheHits() {
        VirusSignature signature = otherNode.learn(SignatureIndexTest.learned(virus, "CleanPort.Test.Sync"));
        otherNode.match(Fingerprint.of(virus));

        new SignatureSync(node).syncOnce();
        new SignatureSync(otherNode).syncOnce();

        assertThat(node.match(Fingerprint.of(virus))).isPresent();
        assertThat(store.get(signature.id()).orElseThrow().hits()).isEqualTo(1);
    }

    @Test
    void aFailedRefreshStillFlushesAndTheFailureIsThrown() {
        VirusSignature signature = node.learn(SignatureIndexTest.learned(virus, "CleanPort.Test.Sync"));
        node.match(Fingerprint.of(virus));
        store.breakDown("database down");

        assertThatThrownBy(() -> new SignatureSync(node).syncOnce()).isInstanceOf(StoreException.class)
            .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));

        store.repair();
        new SignatureSync(node).syncOnce();
        assertThat(store.get(signature.id()).orElseThrow().hits()).isEqualTo(1);
    }

    @Test
    void startedItSyncsInTheBackgroundAndCloseFlushesTheLastHits() throws Exception {
        try (SignatureSync sync = new SignatureSync(node, Duration.ofMillis(20))) {
            sync.start();
            VirusSignature signature = otherNode.learn(SignatureIndexTest.learned(virus, "CleanPort.Test.Background"));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (node.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(node.size()).isEqualTo(1);

            store.breakDown("database down");
            Thread.sleep(100);
            store.repair();
            sync.close();
            node.match(Fingerprint.of(virus));
            sync.close();
            assertThat(store.get(signature.id()).orElseThrow().hits()).isEqualTo(1);
        }
    }
}
