package io.dequeue.delivery;

import io.dequeue.model.metrics.KafkaMeterNames;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Of the mail.released consumer's own metrics (bound by ReleasedMailConsumer) only those of {@link KafkaMeterNames}. */
@Singleton
public class KafkaMeterFilter {
    @Produces
    @Singleton
    MeterFilter kafkaMeters() {
        return MeterFilter.denyUnless(id -> KafkaMeterNames.kept(id.getName()));
    }
}
