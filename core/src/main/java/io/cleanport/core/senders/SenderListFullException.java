package io.cleanport.core.senders;

/** A scope's sender lists hold as many entries as a store accepts; remove some before adding more. */
public class SenderListFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SenderListScope scope;
    private final int limit;

    public SenderListFullException(SenderListScope scope, int limit) {
        super("the sender lists of " + scope + " already hold " + limit + " entries, the most allowed; remove some first");
        this.scope = scope;
        this.limit = limit;
    }

    public SenderListScope scope() {
        return scope;
    }

    public int limit() {
        return limit;
    }
}
