package io.cleanport.core.diagnostics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.policy.DomainName;

/**
 * The mail for a protected domain that waits in the gateway's delivery queue, for the downstream check:
 * how much, and why the last attempt failed. Implemented over the server's mail queue.
 */
public interface DeliveryBacklog {
    /** The domain's waiting mail; {@link Backlog#complete()} is false when the queue was too long to count. */
    Backlog of(DomainName domain);

    /**
     * What waits for one domain.
     *
     * @param waiting      messages with at least one recipient in the domain
     * @param complete     whether the whole queue was read (false: {@code waiting} is a lower bound)
     * @param lastError    the error of the most recent failed attempt among them, in the receiver's words
     * @param lastAttempt  when that attempt was made
     * @param nextAttempt  the earliest next attempt among them
     */
    record Backlog(long waiting, boolean complete, Optional<String> lastError, Optional<Instant> lastAttempt,
                   Optional<Instant> nextAttempt) {
        public Backlog {
            if (waiting < 0) {
                throw new IllegalArgumentException("waiting must not be negative");
            }
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(lastAttempt, "lastAttempt");
            Objects.requireNonNull(nextAttempt, "nextAttempt");
        }

        public static Backlog empty() {
            return new Backlog(0, true, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }
}
