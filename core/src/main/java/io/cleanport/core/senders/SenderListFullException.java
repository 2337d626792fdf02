package io.cleanport.core.senders;

/** A scope's sender lists hold as many entries as a store accepts; remove some before adding more. */
public class SenderListFullException extends ScopeFullException {
    private static final long serialVersionUID = 1L;

    public SenderListFullException(SenderListScope scope, int limit) {
        super("the sender lists of " + scope + " already hold " + limit + " entries, the most allowed; remove some first",
            scope, limit);
    }
}
