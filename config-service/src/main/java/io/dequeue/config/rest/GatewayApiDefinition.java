package io.dequeue.config.rest;

import io.dequeue.model.http.Problem;
import io.dequeue.model.http.openapi.AdminApiDocumentation;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * The OpenAPI definition of the gateway API (served at {@code /q/openapi}, committed as
 * {@code docs/openapi/config-service.yaml}): the shared {@link Problem} schema, and the
 * shapes of a gateway that the resource builds as JSON trees. {@link AdminApiDocumentation} adds
 * the security scheme and the problem answers of every operation.
 */
@OpenAPIDefinition(
        // The same as quarkus.smallrye-openapi.info-* in application.properties, which Quarkus serves.
        info = @Info(title = "Dequeue config-service: gateway API", version = "1"),
        components = @Components(schemas = {
                @Schema(name = AdminApiDocumentation.PROBLEM_SCHEMA, implementation = Problem.class)}))
public final class GatewayApiDefinition {
    private GatewayApiDefinition() {
    }

    /** A gateway as the API shows it: its settings and what the service records about it. */
    @Schema(name = "Gateway", description = "A gateway's settings and what the service records about it; never the "
            + "password, its hash or its CRAM-MD5 pad states.",
            allOf = {io.dequeue.model.settings.GatewaySettings.class, Recorded.class})
    public static final class Gateway {
        private Gateway() {
        }
    }

    /** What a PUT or PATCH sends: the settings (each optional in a PATCH) and the write-only password. */
    @Schema(name = "GatewayInput", description = "Settings to store; an absent or null setting takes its default "
            + "(PUT) or stays as it is (PATCH, RFC 7396 merge patch). The domain is the path's; a domain in the body "
            + "must match it. The read-only fields of a Gateway may be sent back and are ignored.",
            allOf = {io.dequeue.model.settings.GatewaySettings.class, Password.class})
    public static final class GatewayInput {
        private GatewayInput() {
        }
    }

    /** The read-only fields of a gateway. */
    @Schema(name = "GatewayRecorded", description = "Read-only fields of a gateway.")
    public record Recorded(
            @Schema(required = true, description = "Whether a password is stored.") boolean passwordSet,
            @Schema(required = true, description = "The version; the ETag is this number in quotes.") long version,
            @Schema(required = true, description = "api, or yaml:<file name> for a gateway of the declarative import.")
            String managedBy,
            @Schema(required = true, description = "When it last changed.") Instant updatedAt) {
    }

    /** The write-only password of a gateway. */
    @Schema(name = "GatewayPassword", description = "The write-only password.")
    public record Password(
            @Schema(description = "Absent keeps the stored secret, null removes it, a string is hashed. At least 12 "
                    + "characters; common or domain-based passwords are refused.", nullable = true, writeOnly = true)
            String password) {
    }
}
