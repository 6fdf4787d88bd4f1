package io.dequeue.delivery;

import io.dequeue.delivery.messaging.ReleasedMailConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the {@code mail.released} consumer runs and every outcome so far was published (Kafka
 * itself is checked by the Kafka client extension's own readiness check).
 */
@Readiness
@ApplicationScoped
public class DeliveryReadiness implements HealthCheck {

    @Inject
    DeliveryRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("delivery");
        ReleasedMailConsumer c = runtime.consumer().orElse(null);
        if (c == null) {
            return b.up().withData("consumer", "disabled").build();
        }
        return b.status(c.isHealthy())
                .withData("assigned", c.isAssigned())
                .withData("paused", c.isPaused())
                .withData("inFlightMessages", c.inFlightMessages())
                .withData("inFlightBytes", c.inFlightBytes())
                .withData("publishFailures", c.publishFailures())
                .withData("connections", runtime.pool() == null ? 0 : runtime.pool().connections())
                .build();
    }
}
