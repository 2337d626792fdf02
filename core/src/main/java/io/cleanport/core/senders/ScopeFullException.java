package io.cleanport.core.senders;

/**
 * A scope (a domain or one of its recipients) holds as many entries of some kind as a store accepts;
 * the subclasses say which kind. Remove some before adding more.
 */
public abstract class ScopeFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SenderListScope scope;
    private final int limit;

    protected ScopeFullException(String message, SenderListScope scope, int limit) {
        super(message);
        this.scope = scope;
        this.limit = limit;
    }

    public SenderListScope scope() {
        return scope;
    }

    /** The most entries the store accepts in a scope. */
    public int limit() {
        return limit;
    }
}
