package io.cleanport.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.ReleaseDelivery;

/**
 * A {@link ReleaseDelivery} that delivers nothing and remembers what it was given: each released entry
 * with the bytes of its message. {@link #failNextWith} makes the next release fail instead, as a full
 * spool would. Thread-safe.
 */
public final class RecordingReleaseDelivery implements ReleaseDelivery {
    private final List<Released> released = new CopyOnWriteArrayList<>();
    private final AtomicReference<MessagingException> nextFailure = new AtomicReference<>();

    /** One release: the entry as it was when released, and the message it carried. */
    public record Released(QuarantineEntry entry, byte[] message) {
    }

    @Override
    public void release(QuarantineEntry entry, MimeMessage message) throws MessagingException {
        MessagingException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("cannot read the released message of " + entry.id(), e);
        }
        released.add(new Released(entry, bytes.toByteArray()));
    }

    /** The next release throws {@code failure} and records nothing; the one after it works again. */
    public void failNextWith(MessagingException failure) {
        nextFailure.set(Objects.requireNonNull(failure, "failure"));
    }

    /** Every release so far, in order. */
    public List<Released> released() {
        return List.copyOf(released);
    }

    /** Forgets the releases so far. */
    public void clear() {
        released.clear();
    }
}
