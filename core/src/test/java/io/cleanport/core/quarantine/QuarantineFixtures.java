package io.cleanport.core.quarantine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.cleanport.core.message.CleanPortId;

/** Entries for the quarantine tests: a complete, valid builder to change one field at a time. */
final class QuarantineFixtures {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private QuarantineFixtures() {
    }

    static CleanPortId messageId(Instant at) {
        return CleanPortId.generate(Clock.fixed(at, ZoneOffset.UTC));
    }

    /** A spam entry for alice@example.com from bob@example.org, received at {@link #T0}, kept 30 days. */
    static QuarantineEntry.Builder entry() {
        return QuarantineEntry.builder()
            .messageId(messageId(T0))
            .category(QuarantineCategory.SPAM)
            .recipient("alice@example.com")
            .sender("bob@example.org")
            .subject("Cheap watches")
            .size(2048)
            .received(T0)
            .expires(T0.plus(Duration.ofDays(30)))
            .score(7.5)
            .reasons(List.of(QuarantineReason.of("BAYES_99", "Bayesian spam probability is 99 to 100%")))
            .location(RepositoryLocation.of("file://var/mail/quarantine/spam/", "mail-1"));
    }
}
