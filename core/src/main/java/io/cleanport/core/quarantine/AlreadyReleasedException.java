package io.cleanport.core.quarantine;

/** A release of an entry that was released before: the message was delivered then, and is not again. */
public class AlreadyReleasedException extends RuntimeException {
    private final QuarantineEntry entry;

    public AlreadyReleasedException(QuarantineEntry entry) {
        super("quarantine entry " + entry.id().asString() + " was already released at "
            + entry.released().map(Object::toString).orElse("an unknown time"));
        this.entry = entry;
    }

    public QuarantineEntry entry() {
        return entry;
    }
}
