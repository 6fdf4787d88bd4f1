package io.dequeue.model.kafka.cdi;

import io.dequeue.model.kafka.KafkaClientProperties;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Gives every service one {@link KafkaClientProperties} bean read from its {@code kafka.*}
 * configuration (and {@code KAFKA_*} environment variables), for each client it builds by hand.
 */
@ApplicationScoped
public class KafkaClientPropertiesProducer {
    private static final Logger LOG = Logger.getLogger(KafkaClientPropertiesProducer.class);

    @Produces
    @Singleton
    KafkaClientProperties kafkaClientProperties(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.fromConfig(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class));
        LOG.infof("Kafka clients: %s", kafka);
        return kafka;
    }
}
