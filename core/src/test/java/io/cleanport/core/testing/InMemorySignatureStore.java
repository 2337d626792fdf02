package io.cleanport.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.cleanport.core.antivirus.NewSignature;
import io.cleanport.core.antivirus.SignatureStore;
import io.cleanport.core.antivirus.VirusSignature;
import io.cleanport.core.db.StoreException;

/**
 * A {@link SignatureStore} in memory, for tests of the code that learns and matches signatures; several
 * {@link io.cleanport.core.antivirus.SignatureIndex}es over one instance behave like nodes sharing a
 * database. {@link #breakDown(String)} makes every call fail with a {@link StoreException}, to test how
 * callers handle a database failure. Thread-safe.
 */
public final class InMemorySignatureStore implements SignatureStore {
    private final TreeMap<Long, VirusSignature> signatures = new TreeMap<>();
    private final Map<String, Long> idsBySha256 = new HashMap<>();
    private long lastId;
    private long changeCount;
    private volatile Optional<String> failure = Optional.empty();

    @Override
    public synchronized VirusSignature add(NewSignature signature, Instant now) {
        checkWorking();
        Objects.requireNonNull(now, "now");
        Long known = idsBySha256.get(signature.sha256());
        if (known != null) {
            return signatures.get(known);
        }
        VirusSignature stored = VirusSignature.learned(++lastId, signature, now);
        signatures.put(stored.id(), stored);
        idsBySha256.put(stored.sha256(), stored.id());
        changeCount++;
        return stored;
    }

    @Override
    public synchronized List<VirusSignature> all() {
        checkWorking();
        return List.copyOf(signatures.values());
    }

    @Override
    public synchronized List<VirusSignature> listAfter(long afterId) {
        checkWorking();
        return List.copyOf(signatures.tailMap(afterId, false).values());
    }

    @Override
    public synchronized Optional<VirusSignature> get(long id) {
        checkWorking();
        return Optional.ofNullable(signatures.get(id));
    }

    @Override
    public synchronized boolean delete(long id) {
        checkWorking();
        VirusSignature deleted = signatures.remove(id);
        if (deleted == null) {
            return false;
        }
        idsBySha256.remove(deleted.sha256());
        changeCount++;
        return true;
    }

    @Override
    public synchronized void recordHits(Map<Long, Long> hitsById, Instant at) {
        checkWorking();
        Objects.requireNonNull(at, "at");
        List<Map.Entry<Long, Long>> hits = new ArrayList<>(hitsById.entrySet());
        for (Map.Entry<Long, Long> entry : hits) {
            if (entry.getValue() == null || entry.getValue() < 1) {
                throw new IllegalArgumentException("hitsById: " + entry.getValue() + " hits; each count must be positive");
            }
        }
        for (Map.Entry<Long, Long> entry : hits) {
            signatures.computeIfPresent(entry.getKey(), (id, signature) -> signature.withHits(entry.getValue(), at));
        }
    }

    @Override
    public synchronized long changeCount() {
        checkWorking();
        return changeCount;
    }

    /** Makes every call fail with a {@link StoreException} carrying {@code reason}, until {@link #repair()}. */
    public void breakDown(String reason) {
        failure = Optional.of(Objects.requireNonNull(reason, "reason"));
    }

    /** Undoes {@link #breakDown}. */
    public void repair() {
        failure = Optional.empty();
    }

    /** Forgets every signature; ids and the change count go on growing, as in a database. */
    public synchronized void clear() {
        if (!signatures.isEmpty()) {
            signatures.clear();
            idsBySha256.clear();
            changeCount++;
        }
    }

    private void checkWorking() {
        Optional<String> reason = failure;
        if (reason.isPresent()) {
            throw new StoreException(reason.get());
        }
    }
}
