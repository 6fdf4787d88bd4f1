package io.dequeue.model.view.cdi;

import io.dequeue.model.view.GatewayDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Gives every service one started {@link GatewayDirectory} bean, reading {@code gateway.config}
 * from {@code kafka.bootstrap.servers}.
 */
@ApplicationScoped
public class GatewayDirectoryProducer {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "dequeue")
    String applicationName;

    @Produces
    @ApplicationScoped
    GatewayDirectory gatewayDirectory() {
        return new GatewayDirectory(bootstrapServers, applicationName + "-gateways", Map.of()).start();
    }

    /** Starts reading at application start, not at first use, so readiness reflects the load. */
    void startEagerly(@Observes @Initialized(ApplicationScoped.class) Object event, GatewayDirectory directory) {
        directory.isReady();
    }

    void close(@Disposes GatewayDirectory directory) {
        directory.close();
    }
}
