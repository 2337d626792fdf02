package io.cleanport.assembly.queue;

import javax.jms.ConnectionFactory;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * {@link ActiveMQMailQueueFactory} whose queues are {@link ConcurrentActiveMQMailQueue}s: same broker, same
 * messages, concurrent senders and consumers.
 */
class ConcurrentActiveMQMailQueueFactory extends ActiveMQMailQueueFactory {
    private final ActiveMQMetricCollector metricCollector;
    private final QueueSettings settings;

    ConcurrentActiveMQMailQueueFactory(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory,
                                       MetricFactory metricFactory, GaugeRegistry gaugeRegistry,
                                       ActiveMQMetricCollector metricCollector, QueueSettings settings) {
        super(connectionFactory, decoratorFactory, metricFactory, gaugeRegistry, metricCollector);
        this.metricCollector = metricCollector;
        this.settings = settings;
        setUseBlobMessages(settings.useBlobMessages());
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        metricCollector.collectQueueStatistics(name);
        return new ConcurrentActiveMQMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name,
            settings.useBlobMessages(), settings.consumers(), metricFactory, gaugeRegistry);
    }
}
