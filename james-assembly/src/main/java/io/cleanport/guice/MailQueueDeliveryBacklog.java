package io.cleanport.guice;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.ManageableMailQueue.MailQueueItemView;
import org.apache.james.queue.api.ManageableMailQueue.MailQueueIterator;
import org.apache.mailet.Mail;

import io.cleanport.core.diagnostics.DeliveryBacklog;
import io.cleanport.core.policy.DomainName;

/**
 * {@link DeliveryBacklog} over James's delivery queue ({@code downstream}, the {@code <outgoing>} queue of
 * the {@code deliver} processor in mailetcontainer.xml): browses at most {@link #MAX_BROWSED} messages,
 * so a huge queue costs a bounded time, and reports a lower bound past that.
 */
final class MailQueueDeliveryBacklog implements DeliveryBacklog {
    static final MailQueueName DELIVERY_QUEUE = MailQueueName.of("downstream");
    static final int MAX_BROWSED = 10_000;

    private final MailQueueFactory<? extends ManageableMailQueue> queues;

    MailQueueDeliveryBacklog(MailQueueFactory<? extends ManageableMailQueue> queues) {
        this.queues = Objects.requireNonNull(queues, "queues");
    }

    @Override
    public Backlog of(DomainName domain) {
        Optional<? extends ManageableMailQueue> queue = queues.getQueue(DELIVERY_QUEUE);
        if (queue.isEmpty()) {
            return Backlog.empty();
        }
        long waiting = 0;
        int browsed = 0;
        Optional<Instant> nextAttempt = Optional.empty();
        MailQueueIterator items;
        try {
            items = queue.get().browse();
        } catch (MailQueueException e) {
            throw new IllegalStateException("cannot browse the delivery queue: " + e.getMessage(), e);
        }
        try {
            while (items.hasNext() && browsed < MAX_BROWSED) {
                MailQueueItemView item = items.next();
                browsed++;
                Mail mail = item.getMail();
                boolean forDomain = isFor(mail, domain);
                LifecycleUtil.dispose(mail);
                if (!forDomain) {
                    continue;
                }
                waiting++;
                Optional<Instant> next = item.getNextDelivery().map(ZonedDateTime::toInstant);
                if (next.isPresent() && (nextAttempt.isEmpty() || next.get().isBefore(nextAttempt.get()))) {
                    nextAttempt = next;
                }
            }
            return new Backlog(waiting, !items.hasNext(), nextAttempt);
        } finally {
            items.close();
        }
    }

    private static boolean isFor(Mail mail, DomainName domain) {
        for (MailAddress recipient : mail.getRecipients()) {
            if (recipient.getDomain().asString().equalsIgnoreCase(domain.name())) {
                return true;
            }
        }
        return false;
    }
}
