package io.cleanport.core.quarantine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Where quarantined messages live: one store (a James mail repository) per {@link QuarantineCategory},
 * each message stored with its {@link QuarantineEntry} so that the index can be rebuilt from the stores
 * alone. The stores are the truth; {@link QuarantineIndex} is derived from them.
 *
 * <p>Implementations are thread-safe, and every write is durable when it returns.
 */
public interface QuarantineStorage {
    /** Where the message of the entry {@code id} of {@code category} is (or would be) stored. */
    RepositoryLocation locationOf(QuarantineCategory category, QuarantineId id);

    /**
     * Stores {@code message} with {@code entry} at {@code entry.location()}, replacing what was there
     * (a retried quarantining step stores the same entry again).
     */
    void store(QuarantineEntry entry, MimeMessage message) throws MessagingException;

    /** Replaces the entry stored beside the message (e.g. marked released); false when it is gone. */
    boolean update(QuarantineEntry entry) throws MessagingException;

    /**
     * Writes the stored message, exactly as it was stored, to {@code out}.
     *
     * @return false when there is no message at {@code location}
     */
    boolean writeMessage(RepositoryLocation location, OutputStream out) throws MessagingException, IOException;

    /** The stored message, for release; empty when it is gone. */
    Optional<MimeMessage> message(RepositoryLocation location) throws MessagingException;

    /** Removes the message and its entry; false when it was not there. */
    boolean remove(RepositoryLocation location) throws MessagingException;

    /** How many messages the stores hold, all categories together. */
    long count() throws MessagingException;

    /**
     * Every entry of every store, read from the stores (for a rebuild of the index). Entries that cannot
     * be read are logged and skipped, never fatal: one damaged file must not keep the rest unsearchable.
     * The caller closes the stream.
     */
    Stream<QuarantineEntry> entries() throws MessagingException;
}
