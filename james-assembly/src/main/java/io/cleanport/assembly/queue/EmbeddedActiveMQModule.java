package io.cleanport.assembly.queue;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The persistent mail queues: an embedded ActiveMQ broker storing messages in KahaDB under
 * {@code var/store/activemq}. A message is in the journal (synced to disk) before the SMTP server
 * answers 250, so a crash or restart loses nothing.
 *
 * <p>Maven Central serves James's ActiveMQ queue library but not its Guice wiring; this module binds it.
 */
public class EmbeddedActiveMQModule extends AbstractModule {
    private static final String CONFIGURATION = "activemq";

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    /**
     * James's queue factory with CleanPort's queues: concurrent, still synchronous, persistent sends and
     * concurrent transacted consumers (see {@link ConcurrentActiveMQMailQueue}).
     */
    @Provides
    @Singleton
    ActiveMQMailQueueFactory queueFactory(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory,
                                          MetricFactory metricFactory, GaugeRegistry gaugeRegistry,
                                          ActiveMQMetricCollector metricCollector, QueueSettings settings) {
        return new ConcurrentActiveMQMailQueueFactory(connectionFactory, decoratorFactory, metricFactory, gaugeRegistry,
            metricCollector, settings);
    }

    @Provides
    @Singleton
    QueueSettings queueSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return QueueSettings.from(propertiesProvider.getConfigurations(CONFIGURATION));
        } catch (FileNotFoundException e) {
            return QueueSettings.DEFAULT;
        }
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        factory.setUseJMX(false);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> typedQueues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfigurations(CONFIGURATION));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMetricCollector(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder
            .forClass(ActiveMQMetricCollector.class)
            .init(collector::start);
    }
}
