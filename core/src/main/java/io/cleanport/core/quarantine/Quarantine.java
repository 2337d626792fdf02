package io.cleanport.core.quarantine;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Verdict;

/**
 * The three quarantines as one service: the pipeline puts messages in, WebAdmin searches, reads,
 * releases and deletes them, and the purge job removes what has expired.
 *
 * <p>The {@link QuarantineStorage} (James mail repositories) is the truth and is written first; the
 * {@link QuarantineIndex} follows and is rebuilt from the storage when it may have missed something
 * ({@link #start()}). Thread-safe; releases and deletions of entries are serialised, so that a release
 * delivers once even when two requests race.
 */
public final class Quarantine {
    private static final Logger LOGGER = LoggerFactory.getLogger(Quarantine.class);
    private static final int PURGE_BATCH = 1000;

    private final QuarantineStorage storage;
    private final QuarantineIndex index;
    private final ReleaseDelivery delivery;
    private final SenderListStore senders;
    private final Counters counters;
    private final Clock clock;
    private final ReleaseLearning learning;
    private final Object changes = new Object();

    public Quarantine(QuarantineStorage storage, QuarantineIndex index, ReleaseDelivery delivery,
                      SenderListStore senders, Counters counters, Clock clock) {
        this(storage, index, delivery, senders, counters, clock, ReleaseLearning.NONE);
    }

    /** @param learning what a release from the spam quarantine teaches the spam classifier */
    public Quarantine(QuarantineStorage storage, QuarantineIndex index, ReleaseDelivery delivery,
                      SenderListStore senders, Counters counters, Clock clock, ReleaseLearning learning) {
        this.learning = Objects.requireNonNull(learning, "learning");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.index = Objects.requireNonNull(index, "index");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.senders = Objects.requireNonNull(senders, "senders");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Rebuilds the index from the storage when it needs it: it was never completed, or it does not hold
     * as many entries as the storage (a crash between storing and indexing, or an index copied from
     * elsewhere).
     *
     * @return how many entries a rebuild indexed; -1 when none was needed
     */
    public long start() throws MessagingException {
        long stored = storage.count();
        if (!index.needsRebuild() && index.count() == stored) {
            return -1;
        }
        LOGGER.info("Rebuilding the quarantine index: it holds {} entries, the quarantine repositories {}{}",
            index.count(), stored, index.needsRebuild() ? " (index new or incomplete)" : "");
        return rebuildIndex();
    }

    /** Re-reads every entry from the storage into the index; searches see the old index until it is done. */
    public long rebuildIndex() throws MessagingException {
        long started = System.nanoTime();
        try (Stream<QuarantineEntry> entries = storage.entries()) {
            long count = index.rebuild(entries);
            LOGGER.info("Quarantine index rebuilt: {} entries in {} ms", count, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return count;
        }
    }

    /**
     * Quarantines {@code message} for {@code recipient}: stores it (exactly as given) with its entry, then
     * indexes it. Quarantining the same message for the same recipient again replaces the entry.
     *
     * @param size          the message's size in bytes, as the mail reports it
     * @param verdict       why: its hits become the entry's reasons, its score the entry's score
     * @param retentionDays how long the entry is kept (the recipient's domain policy)
     */
    public QuarantineEntry put(QuarantineCategory category, CleanPortId messageId, MailAddress recipient,
                               Optional<MailAddress> sender, MimeMessage message, long size, Verdict verdict,
                               int retentionDays) throws MessagingException {
        return put(category, messageId, recipient, sender, message, size, verdict, retentionDays, Optional.empty());
    }

    /**
     * As {@link #put(QuarantineCategory, CleanPortId, MailAddress, Optional, MimeMessage, long, Verdict, int)},
     * for outbound mail when {@code outboundDomain} (the customer domain that relayed it) is present: the
     * entry is marked outbound and filed under that domain.
     */
    public QuarantineEntry put(QuarantineCategory category, CleanPortId messageId, MailAddress recipient,
                               Optional<MailAddress> sender, MimeMessage message, long size, Verdict verdict,
                               int retentionDays, Optional<DomainName> outboundDomain) throws MessagingException {
        return put(category, messageId, recipient, sender, message, size, verdict, retentionDays, outboundDomain,
            Optional.empty());
    }

    /**
     * As {@link #put(QuarantineCategory, CleanPortId, MailAddress, Optional, MimeMessage, long, Verdict, int, Optional)},
     * recording with a spam entry the recipient's {@code spamLevel} and its threshold.
     */
    public QuarantineEntry put(QuarantineCategory category, CleanPortId messageId, MailAddress recipient,
                               Optional<MailAddress> sender, MimeMessage message, long size, Verdict verdict,
                               int retentionDays, Optional<DomainName> outboundDomain, Optional<SpamLevel> spamLevel)
        throws MessagingException {
        Instant received = clock.instant();
        QuarantineId id = QuarantineId.of(messageId, recipient);
        QuarantineEntry entry = QuarantineEntry.builder()
            .messageId(messageId)
            .category(category)
            .recipient(recipient)
            .sender(sender.map(MailAddress::asString).orElse(QuarantineEntry.NULL_SENDER))
            .subject(subject(message))
            .size(size)
            .received(received)
            .expires(received.plus(Duration.ofDays(retentionDays)))
            .score(Math.round(verdict.score() * 100) / 100.0) // 27.8, not 27.799999999999997
            .spamLevel(spamLevel)
            .reasons(reasons(verdict))
            .location(storage.locationOf(category, id))
            .outboundDomain(outboundDomain.map(DomainName::name))
            .build();
        storage.store(entry, message);
        index.add(entry);
        return entry;
    }

    /** One entry, from the index. */
    public Optional<QuarantineEntry> entry(QuarantineId id) {
        return index.get(id);
    }

    public QuarantinePage search(QuarantineQuery query) {
        return index.search(query);
    }

    /**
     * Writes the quarantined message of {@code id}, exactly as it was received, to {@code out}.
     *
     * @throws QuarantineEntryNotFoundException when there is no such entry
     */
    public void writeSource(QuarantineId id, OutputStream out) throws MessagingException, IOException {
        QuarantineEntry entry = index.get(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
        if (!storage.writeMessage(entry.location(), out)) {
            throw new QuarantineEntryNotFoundException(id);
        }
    }

    /**
     * Delivers the message of {@code id} to its recipient past the filters and marks the entry released
     * (it stays searchable until it expires). With {@code remember}, the sender is also put on the
     * recipient's allow list, so that its next mail skips the spam filter (not the antivirus nor the
     * content filter). The sender is allowed before the message is delivered: when that fails, nothing is
     * delivered; when the delivery fails, the sender stays allowed and the entry held, to be released again.
     *
     * @throws QuarantineEntryNotFoundException when there is no such entry
     * @throws AlreadyReleasedException         when it was released before: nothing is delivered again
     * @throws io.cleanport.core.senders.SenderListFullException with {@code remember}, when the recipient's
     *                                          lists are full: nothing is delivered
     */
    public QuarantineEntry release(QuarantineId id, boolean remember) throws MessagingException {
        synchronized (changes) {
            QuarantineEntry entry = index.get(id).orElseThrow(() -> new QuarantineEntryNotFoundException(id));
            if (entry.isReleased()) {
                throw new AlreadyReleasedException(entry);
            }
            MimeMessage message = storage.message(entry.location())
                .orElseThrow(() -> new QuarantineEntryNotFoundException(id));
            // Remember before delivering: a full or failing sender list then refuses the whole release,
            // instead of failing after the message went out (a retry would find it released and never
            // remember). Allowing a sender twice changes nothing, so a failed delivery can be retried.
            if (remember) {
                remember(entry);
            }
            delivery.release(entry, message);
            QuarantineEntry released = entry.releasedAt(clock.instant());
            storage.update(released);
            index.update(released);
            DomainName.parse(entry.domain()).ifPresent(domain -> counters.increment(Counter.RELEASED, domain));
            LOGGER.info("Quarantine entry {} ({}) released to {}{}", id.asString(), entry.category().jsonValue(),
                entry.recipient(), remember ? ", sender " + entry.sender() + " allowed for that recipient" : "");
            if (entry.category() == QuarantineCategory.SPAM) {
                learnHam(released, message);
            }
            return released;
        }
    }

    private void learnHam(QuarantineEntry entry, MimeMessage message) {
        try {
            learning.released(entry, message);
        } catch (Exception e) {
            LOGGER.warn("Quarantine entry {} released, but the spam classifier could not learn it as ham: {}",
                entry.id().asString(), e.getMessage(), e);
        }
    }

    private void remember(QuarantineEntry entry) {
        // An outbound entry's recipient is outside every protected domain: it has no allow list.
        if (entry.hasNullSender() || entry.isOutbound()) {
            return;
        }
        Optional<DomainName> domain = DomainName.parse(entry.domain());
        Optional<LocalPart> local = LocalPart.parse(entry.recipientAddress().getLocalPart());
        Optional<SenderPattern> sender = SenderPattern.tryParse(entry.sender());
        if (domain.isEmpty() || local.isEmpty() || sender.isEmpty()) {
            LOGGER.warn("Release and remember of {}: cannot allow sender {} for recipient {}", entry.id().asString(),
                entry.sender(), entry.recipient());
            return;
        }
        senders.add(SenderListScope.user(domain.get(), local.get()), ListKind.ALLOW, sender.get());
    }

    /**
     * Removes the entry of {@code id} and its message.
     *
     * @return false when there was no such entry
     */
    public boolean delete(QuarantineId id) throws MessagingException {
        synchronized (changes) {
            Optional<QuarantineEntry> entry = index.get(id);
            if (entry.isEmpty()) {
                return false;
            }
            storage.remove(entry.get().location());
            index.delete(id);
            return true;
        }
    }

    /**
     * Removes every entry that expired before now, in batches.
     *
     * @return how many were removed
     */
    public long purgeExpired() throws MessagingException {
        long purged = 0;
        while (true) {
            List<QuarantineId> expired = index.expiredBefore(clock.instant(), PURGE_BATCH);
            if (expired.isEmpty()) {
                break;
            }
            for (QuarantineId id : expired) {
                if (delete(id)) {
                    purged++;
                }
            }
            if (expired.size() < PURGE_BATCH) {
                break;
            }
        }
        if (purged > 0) {
            LOGGER.info("Purged {} expired quarantine entries", purged);
        }
        return purged;
    }

    private static String subject(MimeMessage message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            return "";
        }
    }

    private static List<QuarantineReason> reasons(Verdict verdict) {
        Stream<QuarantineReason> named = verdict.name().stream()
            .map(name -> QuarantineReason.of("VIRUS", name));
        Stream<QuarantineReason> hits = verdict.hits().stream()
            .map(hit -> QuarantineReason.of(hit.ruleId(), hit.evidence().isEmpty()
                ? hit.description() : hit.description() + ": " + hit.evidence()));
        return Stream.concat(named, hits).limit(QuarantineEntry.MAX_REASONS).toList();
    }
}
