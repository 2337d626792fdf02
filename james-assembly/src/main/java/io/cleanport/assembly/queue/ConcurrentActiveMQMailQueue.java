package io.cleanport.assembly.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.activemq.ActiveMQSession;
import org.apache.activemq.command.ActiveMQBlobMessage;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * James's ActiveMQ mail queue with the same messages, selectors, persistence and acknowledgement, but without
 * its two serialisation points:
 *
 * <ul>
 * <li>James sends every enqueued mail through one JMS session of one connection. An ActiveMQ session sends
 *     under a mutex and a persistent send waits for the journal to be synced, and the embedded broker serves
 *     each VM connection's commands one at a time; so all the SMTP sessions (or spooler threads) queued behind
 *     each other's disk syncs. Here each concurrent sender takes a producer of its own (own connection) from
 *     a pool, so concurrent sends reach KahaDB together and share a journal write and sync. Each send is
 *     still synchronous and persistent: {@link #enQueue} returns after the mail is in the synced journal.</li>
 * <li>James dequeues one mail at a time (session, selector consumer, receive) on one thread. Here
 *     {@code consumers} such loops, each on its own connection, feed the same flux. Each mail keeps its own
 *     transacted session, committed by {@code MailQueueItem.done} exactly as in James.</li>
 * </ul>
 */
class ConcurrentActiveMQMailQueue extends ActiveMQCacheableMailQueue {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConcurrentActiveMQMailQueue.class);
    private static final long RECEIVE_TIMEOUT_MS = 10_000;
    private static final Duration PAUSE_AFTER_DEQUEUE_FAILURE = Duration.ofSeconds(1);

    private final ConnectionFactory connectionFactory;
    private final boolean useBlob;
    private final int consumers;
    private final ConcurrentLinkedQueue<Producer> idleProducers = new ConcurrentLinkedQueue<>();
    private final List<Connection> openConnections = new CopyOnWriteArrayList<>();
    private final Scheduler dequeueScheduler;
    private volatile boolean disposed;

    ConcurrentActiveMQMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory,
                                MailQueueName name, boolean useBlob, int consumers,
                                MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decoratorFactory, name, useBlob, metricFactory, gaugeRegistry);
        this.connectionFactory = connectionFactory;
        this.useBlob = useBlob;
        this.consumers = consumers;
        this.dequeueScheduler = Schedulers.newBoundedElastic(consumers, Integer.MAX_VALUE, "dequeue-" + name.asString(), 60, true);
    }

    // ---- enqueue ----

    /** One producer per concurrent sender: its own connection, session and producer. */
    private final class Producer {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;

        Producer() throws JMSException {
            connection = openConnection();
            try {
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue(queueName.asString()));
            } catch (JMSException e) {
                closeConnection(connection);
                throw e;
            }
        }

        void send(Map<String, Object> props, int priority, Mail mail) throws JMSException, MessagingException, IOException {
            Message message = useBlob ? blobMessage(mail) : objectMessage(mail);
            try {
                for (Map.Entry<String, Object> property : props.entrySet()) {
                    message.setObjectProperty(property.getKey(), property.getValue());
                }
                producer.send(message, DeliveryMode.PERSISTENT, priority, Message.DEFAULT_TIME_TO_LIVE);
            } catch (JMSException | RuntimeException e) {
                if (message instanceof ActiveMQBlobMessage) {
                    deleteQuietly((ActiveMQBlobMessage) message);
                }
                throw e;
            }
        }

        private Message blobMessage(Mail mail) throws JMSException, MessagingException {
            return ((ActiveMQSession) session).createBlobMessage(new MimeMessageInputStream(mail.getMessage()));
        }

        /**
         * The body inline, read exactly as a blob message reads it ({@link MimeMessageInputStream}): writing
         * the MimeMessage instead would let JavaMail rewrite headers (MIME-Version first).
         */
        private Message objectMessage(Mail mail) throws JMSException, MessagingException, IOException {
            long size = mail.getMessageSize();
            ByteArrayOutputStream out = new ByteArrayOutputStream(size > 0 && size < Integer.MAX_VALUE ? (int) size : 8192);
            try (MimeMessageInputStream in = new MimeMessageInputStream(mail.getMessage())) {
                in.transferTo(out);
            }
            ObjectMessage message = session.createObjectMessage();
            message.setObject(out.toByteArray());
            return message;
        }

        void close() {
            closeConnection(connection);
        }
    }

    @Override
    protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
        Producer producer = idleProducers.poll();
        if (producer == null) {
            producer = new Producer();
        }
        boolean reusable = false;
        try {
            producer.send(props, msgPrio, mail);
            reusable = true;
        } finally {
            if (reusable && !disposed) {
                idleProducers.add(producer);
            } else {
                producer.close();
            }
        }
    }

    // ---- dequeue ----

    @Override
    public Flux<MailQueueItem> deQueue() {
        List<Flux<MailQueueItem>> loops = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            loops.add(consumerLoop());
        }
        // prefetch 1: each loop takes one mail ahead at most, like James's single loop does.
        return Flux.merge(1, loops.toArray(Flux[]::new));
    }

    private Flux<MailQueueItem> consumerLoop() {
        return Mono.fromCallable(this::openConnection)
            .flatMapMany(connection -> Mono.defer(() -> receiveOne(connection))
                .onErrorResume(e -> {
                    if (disposed) {
                        return Mono.empty();
                    }
                    if (closedByBroker(e)) {
                        // At shutdown the broker stops before the queues are disposed: one line, no stack trace.
                        LOGGER.warn("Queue {}: the JMS connection is closed ({}); retrying", queueName.asString(),
                            rootCause(e).getMessage());
                    } else {
                        LOGGER.error("Unable to dequeue from {}", queueName.asString(), e);
                    }
                    return Mono.delay(PAUSE_AFTER_DEQUEUE_FAILURE).then(Mono.empty());
                })
                .repeat(() -> !disposed)
                .doFinally(signal -> closeConnection(connection)))
            .subscribeOn(dequeueScheduler);
    }

    private Mono<MailQueueItem> receiveOne(Connection connection) {
        Session session = null;
        MessageConsumer consumer = null;
        try {
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = session.createConsumer(session.createQueue(queueName.asString()), getMessageSelector());
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                session.commit();
                closeConsumer(consumer);
                closeSession(session);
                return Mono.empty();
            }
            dequeuedMailsMetric.increment();
            return createMailQueueItem(session, consumer, message);
        } catch (Exception e) {
            if (!closedByBroker(e)) {
                rollback(session);
            }
            closeConsumer(consumer);
            closeSession(session);
            return Mono.error(new MailQueueException("Unable to dequeue a mail from " + queueName.asString(), e));
        }
    }

    /** A closed session or connection: what the broker's shutdown leaves to the consumers still polling. */
    private static boolean closedByBroker(Throwable e) {
        return rootCause(e) instanceof javax.jms.IllegalStateException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    // ---- lifecycle ----

    private Connection openConnection() throws JMSException {
        Connection connection = connectionFactory.createConnection();
        openConnections.add(connection);
        try {
            connection.start();
        } catch (JMSException e) {
            closeConnection(connection);
            throw e;
        }
        return connection;
    }

    private void closeConnection(Connection connection) {
        openConnections.remove(connection);
        try {
            connection.close();
        } catch (JMSException e) {
            LOGGER.debug("Error while closing a connection of queue {}", queueName.asString(), e);
        }
    }

    private static void deleteQuietly(ActiveMQBlobMessage message) {
        try {
            message.deleteFile();
        } catch (IOException | JMSException e) {
            LOGGER.warn("Unable to delete the blob file of an unsent message", e);
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        for (Connection connection : openConnections) {
            closeConnection(connection);
        }
        idleProducers.clear();
        dequeueScheduler.dispose();
        super.dispose();
    }
}
