package io.dequeue.config.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dequeue.model.auth.AdminToken;
import io.dequeue.config.service.ConfigProblem;
import io.dequeue.config.service.GatewayService;
import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The gateways of the admin API: {@code /api/gateways} and {@code /api/gateways/{domain}}. */
@Path("/api/gateways")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "gateways", description = "Gateway definitions and credentials")
public class GatewayResource {
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final String DOMAIN = "The gateway domain (U-labels are read as A-labels).";
    private static final String ETAG = "The gateway's version as a strong entity tag, e.g. \"3\".";
    private static final String IF_MATCH = "Only if the gateway's version is one of these entity tags (or * for any).";

    @Inject
    GatewayService service;

    @GET
    @Operation(summary = "List every gateway", description = "Every gateway, in domain order.")
    @APIResponse(responseCode = "200", description = "The gateways.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = GatewayApiDefinition.Gateway.class)))
    @APIResponse(responseCode = "503", description = "Kafka does not answer, or the view is still loading.")
    public Response list() {
        ArrayNode out = Json.mapper().createArrayNode();
        for (GatewayRecord g : service.list()) {
            out.add(GatewayRepresentation.of(g));
        }
        return Response.ok(out).build();
    }

    @GET
    @Path("{domain}")
    @Operation(summary = "Read one gateway")
    @APIResponse(responseCode = "200", description = "The gateway.",
            headers = @Header(name = HttpHeaders.ETAG, description = ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GatewayApiDefinition.Gateway.class)))
    @APIResponse(responseCode = "400", description = "The path does not name a valid domain (malformed-request).")
    @APIResponse(responseCode = "404", description = "There is no such gateway (unknown-gateway).")
    @APIResponse(responseCode = "503", description = "Kafka does not answer, or the view is still loading.")
    public Response get(@Parameter(description = DOMAIN) @PathParam("domain") String domain) {
        DomainName d = RequestParts.domain(domain);
        GatewayRecord g = service.find(d).orElseThrow(() -> new ConfigProblem.UnknownGateway(d));
        return ok(g, Response.Status.OK).build();
    }

    @PUT
    @Path("{domain}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a gateway", description = "Stores the full settings; the answer comes "
            + "once Kafka acknowledged the write and the service's view shows it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GatewayApiDefinition.GatewayInput.class)))
    @APIResponse(responseCode = "200", description = "Replaced.",
            headers = @Header(name = HttpHeaders.ETAG, description = ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GatewayApiDefinition.Gateway.class)))
    @APIResponse(responseCode = "201", description = "Created.",
            headers = {@Header(name = HttpHeaders.ETAG, description = ETAG, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = HttpHeaders.LOCATION, description = "The gateway's URI.",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GatewayApiDefinition.Gateway.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, domain or conditional header (malformed-request).")
    @APIResponse(responseCode = "412", description = "If-Match or If-None-Match does not hold (version-mismatch).")
    @APIResponse(responseCode = "422", description = "Invalid settings, each named in errors (invalid-settings), or "
            + "switching CRAM-MD5 on without the password (password-required).")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the write in time.")
    public Response put(@Parameter(description = DOMAIN) @PathParam("domain") String domain,
                        @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                        @Parameter(description = "* creates only: 412 if the gateway exists.")
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, byte[] body) {
        DomainName d = RequestParts.domain(domain);
        var precondition = RequestParts.precondition(ifMatch, ifNoneMatch);
        GatewayService.Written w = service.put(d, RequestParts.json(body), precondition, AdminToken.PRINCIPAL);
        if (w.created()) {
            return ok(w.record(), Response.Status.CREATED).location(URI.create("/api/gateways/" + d.value())).build();
        }
        return ok(w.record(), Response.Status.OK).build();
    }

    @PATCH
    @Path("{domain}")
    @Consumes({MERGE_PATCH_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change some settings of a gateway", description = "A JSON merge patch (RFC 7396) of the "
            + "gateway's settings; null removes a setting (the password too).")
    @RequestBody(required = true, content = {
            @Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = GatewayApiDefinition.GatewayInput.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GatewayApiDefinition.GatewayInput.class))})
    @APIResponse(responseCode = "200", description = "Changed.",
            headers = @Header(name = HttpHeaders.ETAG, description = ETAG, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GatewayApiDefinition.Gateway.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, domain or If-Match header (malformed-request).")
    @APIResponse(responseCode = "404", description = "There is no such gateway (unknown-gateway).")
    @APIResponse(responseCode = "412", description = "If-Match does not hold (version-mismatch).")
    @APIResponse(responseCode = "422", description = "Invalid settings, each named in errors (invalid-settings), or "
            + "switching CRAM-MD5 on without the password (password-required).")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the write in time.")
    public Response patch(@Parameter(description = DOMAIN) @PathParam("domain") String domain,
                          @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          byte[] body) {
        DomainName d = RequestParts.domain(domain);
        var precondition = RequestParts.precondition(ifMatch, null);
        GatewayService.Written w = service.patch(d, RequestParts.json(body), precondition, AdminToken.PRINCIPAL);
        return ok(w.record(), Response.Status.OK).build();
    }

    @DELETE
    @Path("{domain}")
    @Operation(summary = "Delete a gateway", description = "Writes a tombstone to gateway.config.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "400", description = "Malformed domain or If-Match header (malformed-request).")
    @APIResponse(responseCode = "404", description = "There is no such gateway (unknown-gateway).")
    @APIResponse(responseCode = "412", description = "If-Match does not hold (version-mismatch).")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge the write in time.")
    public Response delete(@Parameter(description = DOMAIN) @PathParam("domain") String domain,
                           @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        DomainName d = RequestParts.domain(domain);
        service.delete(d, RequestParts.precondition(ifMatch, null), AdminToken.PRINCIPAL);
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder ok(GatewayRecord g, Response.Status status) {
        return Response.status(status).entity(GatewayRepresentation.of(g))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, GatewayRepresentation.etag(g));
    }
}
