package io.dequeue.model.view.cdi;

import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.view.GatewayDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives every service one started {@link GatewayDirectory} bean, reading {@code gateway.config}
 * with the service's shared {@code kafka.*} client settings.
 */
@ApplicationScoped
public class GatewayDirectoryProducer {
    @Inject
    KafkaClientProperties kafka;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "dequeue")
    String applicationName;

    @Produces
    @ApplicationScoped
    GatewayDirectory gatewayDirectory() {
        return new GatewayDirectory(kafka, applicationName + "-gateways").start();
    }

    /** Starts reading at application start, not at first use, so readiness reflects the load. */
    void startEagerly(@Observes @Initialized(ApplicationScoped.class) Object event, GatewayDirectory directory) {
        directory.isReady();
    }

    void close(@Disposes GatewayDirectory directory) {
        directory.close();
    }
}
