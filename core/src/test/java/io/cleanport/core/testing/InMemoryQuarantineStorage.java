package io.cleanport.core.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantineStorage;
import io.cleanport.core.quarantine.RepositoryLocation;

/**
 * A {@link QuarantineStorage} in memory, for tests of the quarantine service and its routes. Each message
 * is kept as the bytes {@link MimeMessage#writeTo} gave when it was stored, beside its entry; a location is
 * {@code memory://quarantine/<category>/} and the entry id.
 *
 * <p>{@link #breakDown(String)} makes every call but {@link #locationOf} fail, to test how callers
 * handle a repository failure. Thread-safe.
 */
public final class InMemoryQuarantineStorage implements QuarantineStorage {
    private static final Session SESSION = Session.getInstance(new Properties());

    private final Map<RepositoryLocation, Stored> stored = new ConcurrentHashMap<>();
    private volatile Optional<String> failure = Optional.empty();

    /** An entry and its message, as stored. */
    public record Stored(QuarantineEntry entry, byte[] message) {
    }

    @Override
    public RepositoryLocation locationOf(QuarantineCategory category, QuarantineId id) {
        return RepositoryLocation.of("memory://quarantine/" + category.jsonValue() + "/", id.asString());
    }

    @Override
    public void store(QuarantineEntry entry, MimeMessage message) throws MessagingException {
        checkWorking();
        Objects.requireNonNull(entry, "entry");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("cannot write the message of " + entry.id(), e);
        }
        stored.put(entry.location(), new Stored(entry, bytes.toByteArray()));
    }

    @Override
    public boolean update(QuarantineEntry entry) throws MessagingException {
        checkWorking();
        return stored.computeIfPresent(entry.location(), (location, current) -> new Stored(entry, current.message())) != null;
    }

    @Override
    public boolean writeMessage(RepositoryLocation location, OutputStream out) throws MessagingException, IOException {
        checkWorking();
        Stored message = stored.get(location);
        if (message == null) {
            return false;
        }
        out.write(message.message());
        return true;
    }

    @Override
    public Optional<MimeMessage> message(RepositoryLocation location) throws MessagingException {
        checkWorking();
        Stored message = stored.get(location);
        if (message == null) {
            return Optional.empty();
        }
        return Optional.of(new MimeMessage(SESSION, new ByteArrayInputStream(message.message())));
    }

    @Override
    public boolean remove(RepositoryLocation location) throws MessagingException {
        checkWorking();
        return stored.remove(location) != null;
    }

    @Override
    public long count() throws MessagingException {
        checkWorking();
        return stored.size();
    }

    @Override
    public Stream<QuarantineEntry> entries() throws MessagingException {
        checkWorking();
        return List.copyOf(stored.values()).stream().map(Stored::entry);
    }

    /** What is stored at {@code location}, if anything. */
    public Optional<Stored> at(RepositoryLocation location) {
        return Optional.ofNullable(stored.get(location));
    }

    /** The stored bytes of the message at {@code location}, if any. */
    public Optional<byte[]> messageBytes(RepositoryLocation location) {
        return at(location).map(Stored::message);
    }

    /** From now on every call but {@link #locationOf} throws a {@link MessagingException} saying {@code reason}. */
    public void breakDown(String reason) {
        failure = Optional.of(Objects.requireNonNull(reason, "reason"));
    }

    /** Undoes {@link #breakDown}. */
    public void repair() {
        failure = Optional.empty();
    }

    /** Forgets every message. */
    public void clear() {
        stored.clear();
    }

    private void checkWorking() throws MessagingException {
        Optional<String> reason = failure;
        if (reason.isPresent()) {
            throw new MessagingException(reason.get());
        }
    }
}
