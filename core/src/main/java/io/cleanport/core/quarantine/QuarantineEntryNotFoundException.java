package io.cleanport.core.quarantine;

/** No quarantine entry has this id (never quarantined, deleted, or purged). */
public class QuarantineEntryNotFoundException extends RuntimeException {
    private final QuarantineId id;

    public QuarantineEntryNotFoundException(QuarantineId id) {
        super("no quarantine entry " + id.asString());
        this.id = id;
    }

    public QuarantineId id() {
        return id;
    }
}
