package io.cleanport.assembly.queue;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * CleanPort's settings of the mail queues, read from {@code activemq.properties} next to James's own keys.
 *
 * @param consumers       concurrent dequeue loops per queue ({@code cleanport.queue.consumers}, default 4)
 * @param useBlobMessages whether mail bodies travel as ActiveMQ blob files rather than inside the KahaDB journal
 *                        ({@code cleanport.queue.blobMessages}, default false: the body is in the synced journal)
 */
record QueueSettings(int consumers, boolean useBlobMessages) {
    static final QueueSettings DEFAULT = new QueueSettings(4, false);

    QueueSettings {
        if (consumers < 1 || consumers > 64) {
            throw new IllegalArgumentException("cleanport.queue.consumers must be within 1..64, got " + consumers);
        }
    }

    static QueueSettings from(Configuration configuration) throws ConfigurationException {
        try {
            return new QueueSettings(
                configuration.getInt("cleanport.queue.consumers", DEFAULT.consumers()),
                configuration.getBoolean("cleanport.queue.blobMessages", DEFAULT.useBlobMessages()));
        } catch (RuntimeException e) {
            throw new ConfigurationException("activemq.properties: " + e.getMessage());
        }
    }
}
