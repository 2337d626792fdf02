package io.cleanport.core.diagnostics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.policy.DomainName;

/**
 * The mail for a protected domain that waits in the gateway's delivery queue, for the downstream check:
 * how much, and when it is tried next. Implemented over the server's mail queue.
 */
public interface DeliveryBacklog {
    /** The domain's waiting mail; {@link Backlog#complete()} is false when the queue was too long to count. */
    Backlog of(DomainName domain);

    /**
     * What waits for one domain.
     *
     * @param waiting      messages with at least one recipient in the domain
     * @param complete     whether the whole queue was read (false: {@code waiting} is a lower bound)
     * @param nextAttempt  the earliest next attempt among them
     */
    record Backlog(long waiting, boolean complete, Optional<Instant> nextAttempt) {
        public Backlog {
            if (waiting < 0) {
                throw new IllegalArgumentException("waiting must not be negative");
            }
            Objects.requireNonNull(nextAttempt, "nextAttempt");
        }

        public static Backlog empty() {
            return new Backlog(0, true, Optional.empty());
        }
    }
}
