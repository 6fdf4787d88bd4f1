package io.dequeue.queue.admin;

import io.dequeue.model.http.Problem;
import io.dequeue.model.http.openapi.AdminApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI definition of the queue API (served at {@code /q/openapi}, committed as
 * {@code docs/openapi/queue-service.yaml}): its title and the shared {@link Problem} schema.
 * {@link AdminApiDocumentation} adds the security scheme and the problem answers of every operation.
 */
@OpenAPIDefinition(
        info = @Info(title = "Dequeue queue-service: held mail API", version = "1",
                description = "What is held per domain, and release, drop and bounce by hand. Every call needs "
                        + "Authorization: Bearer <admin token>; every error is an RFC 9457 problem "
                        + "(application/problem+json). Reads are answered by the instance that owns the domain; "
                        + "changes are queued on dequeue.requests and answered 202 Accepted."),
        components = @Components(schemas = {
                @Schema(name = AdminApiDocumentation.PROBLEM_SCHEMA, implementation = Problem.class)}))
public final class QueueApiDefinition {
    private QueueApiDefinition() {
    }
}
