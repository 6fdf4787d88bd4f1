package io.dequeue.queue.metrics;

import io.dequeue.model.metrics.KafkaMeterNames;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Of Kafka Streams' own metrics (bound by Quarkus' Kafka binder) only those of {@link KafkaMeterNames}. */
@Singleton
public class KafkaMeterFilter {
    @Produces
    @Singleton
    MeterFilter kafkaMeters() {
        return MeterFilter.denyUnless(id -> KafkaMeterNames.kept(id.getName()));
    }
}
