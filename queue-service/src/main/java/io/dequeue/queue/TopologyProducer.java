package io.dequeue.queue;

import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.queue.body.KafkaBodies;
import io.dequeue.queue.store.StoreVisits;
import io.dequeue.queue.timeline.TimelineConfig;
import io.dequeue.queue.timeline.TimelineTopology;
import io.dequeue.queue.topology.QueueOptions;
import io.dequeue.queue.topology.QueueTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Hands the plain-Java topology to Quarkus' Kafka Streams, with the settings from configuration. */
@ApplicationScoped
public class TopologyProducer {
    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Inject
    QueueConfig config;

    @Inject
    MicrometerQueueMetrics metrics;

    @Inject
    TimelineConfig timeline;

    @Inject
    KafkaClientProperties kafka;

    private final StoreVisits visits = new StoreVisits();

    @Produces
    @Singleton
    Topology topology() {
        QueueOptions options = options();
        Topology t = TimelineTopology.attach(QueueTopology.build(options), timeline.options());
        LOG.debugf("queue topology:%n%s", t.describe());
        logBuffers();
        return t;
    }

    /** The Kafka buffers in effect (StreamsMemoryDefaults or explicit settings) against the heap. */
    private static void logBuffers() {
        Config c = ConfigProvider.getConfig();
        StringBuilder b = new StringBuilder();
        for (String key : StreamsMemoryDefaults.forHeap(Runtime.getRuntime().maxMemory()).keySet()) {
            b.append(' ').append(key.substring("kafka-streams.".length())).append('=')
                    .append(c.getOptionalValue(key, String.class).orElse("(Kafka's default)"));
        }
        LOG.infof("Kafka Streams buffers for a heap of %d MiB:%s", Runtime.getRuntime().maxMemory() >> 20, b);
    }

    QueueOptions options() {
        return QueueOptions.defaults()
                .withLease(config.lease(), config.atrnLease())
                .withIntervals(config.tickInterval(), config.releaseInterval(), config.usageThrottle())
                .withBatches(config.releaseBatchMessages(), config.releaseBatchBytes(), config.tickBatch())
                .withIdentity(config.reportingMta(), CloudEvents.source(QueueOptions.SERVICE, config.instance()))
                .withFullReturnLimit(config.fullReturnLimit())
                .withDsnPort(config.dsnPort())
                .withDsnRetry(config.dsnRetryFirst(), config.dsnRetryMax())
                .withMetrics(metrics, visits)
                .withBodies(KafkaBodies.factory(kafka, "queue-service-" + config.instance(),
                        config.bodies().fetchBytes(), config.bodies().timeout()));
    }
}
