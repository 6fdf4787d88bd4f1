package io.dequeue.config.importer;

import io.dequeue.config.service.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import java.util.Locale;

/** Readiness: not ready while the import file is pending, failing, or invalid. */
@Readiness
@ApplicationScoped
public class ImportReadiness implements HealthCheck {
    @Inject
    GatewayImport gatewayImport;

    @Override
    public HealthCheckResponse call() {
        ImportStatus s = gatewayImport.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("gateway-import")
                .status(s.ready())
                .withData("state", s.state().name().toLowerCase(Locale.ROOT))
                .withData("detail", s.detail());
        if (s.file() != null) {
            b.withData("file", s.file());
        }
        int i = 0;
        for (FieldError e : s.errors()) {
            if (i == 20) {
                break;
            }
            b.withData("error." + i++, e.toString());
        }
        return b.build();
    }
}
