package io.dequeue.config.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dequeue.model.auth.AdminToken;
import io.dequeue.config.service.ConfigProblem;
import io.dequeue.config.service.GatewayService;
import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
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
public class GatewayResource {
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @Inject
    GatewayService service;

    @GET
    public Response list() {
        ArrayNode out = Json.mapper().createArrayNode();
        for (GatewayRecord g : service.list()) {
            out.add(GatewayRepresentation.of(g));
        }
        return Response.ok(out).build();
    }

    @GET
    @Path("{domain}")
    public Response get(@PathParam("domain") String domain) {
        DomainName d = RequestParts.domain(domain);
        GatewayRecord g = service.find(d).orElseThrow(() -> new ConfigProblem.UnknownGateway(d));
        return ok(g, Response.Status.OK).build();
    }

    @PUT
    @Path("{domain}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("domain") String domain, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
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
    public Response patch(@PathParam("domain") String domain, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          byte[] body) {
        DomainName d = RequestParts.domain(domain);
        var precondition = RequestParts.precondition(ifMatch, null);
        GatewayService.Written w = service.patch(d, RequestParts.json(body), precondition, AdminToken.PRINCIPAL);
        return ok(w.record(), Response.Status.OK).build();
    }

    @DELETE
    @Path("{domain}")
    public Response delete(@PathParam("domain") String domain, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
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
