package io.dequeue.queue.admin;

import io.dequeue.model.http.Problem;
import io.dequeue.model.http.openapi.AdminApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI definition of the queue API (served at {@code /q/openapi}, committed as
 * {@code docs/openapi/queue-service.yaml}): the shared {@link Problem} schema.
 * Its title, version and description are in application.properties.
 * {@link AdminApiDocumentation} adds the security scheme and the problem answers of every operation.
 */
@OpenAPIDefinition(
        // The same as quarkus.smallrye-openapi.info-* in application.properties, which Quarkus serves.
        info = @Info(title = "Dequeue queue-service: held mail API", version = "1"),
        components = @Components(schemas = {
                @Schema(name = AdminApiDocumentation.PROBLEM_SCHEMA, implementation = Problem.class)}))
public final class QueueApiDefinition {
    private QueueApiDefinition() {
    }
}
