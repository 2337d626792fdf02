package io.cleanport.core.content;

import io.cleanport.core.senders.ScopeFullException;
import io.cleanport.core.senders.SenderListScope;

/** A scope holds as many content rules as a store accepts; remove some before adding more. */
public class ContentRuleLimitException extends ScopeFullException {
    private static final long serialVersionUID = 1L;

    public ContentRuleLimitException(SenderListScope scope, int limit) {
        super(scope + " already has " + limit + " content rules, the most allowed; remove some first", scope, limit);
    }
}
