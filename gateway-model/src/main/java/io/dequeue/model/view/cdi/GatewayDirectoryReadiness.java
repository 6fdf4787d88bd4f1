package io.dequeue.model.view.cdi;

import io.dequeue.model.view.GatewayDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the service is not ready until the gateway view has loaded what the topic held at start. */
@Readiness
@ApplicationScoped
public class GatewayDirectoryReadiness implements HealthCheck {
    @Inject
    GatewayDirectory directory;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-directory")
                .status(directory.isReady())
                .withData("gateways", directory.size())
                .build();
    }
}
