package io.dequeue.queue.admin;

import io.dequeue.model.auth.AdminToken;
import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.DomainName;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.queue.store.HeldMessage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API of held mail. Reads are interactive queries of the instance that owns the domain
 * (forwarded there when it is another one); changes become admin requests on
 * {@code dequeue.requests} and are answered 202 Accepted.
 */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queues", description = "Held mail per domain")
public class QueueResource {
    private static final int MAX_PAGE = 1000;
    private static final String DOMAIN = "The gateway domain.";
    private static final String ID = "The message's queue id.";
    private static final String UNAVAILABLE = "The queue's state is being restored or moved, no instance owns the "
            + "domain right now, or Kafka did not accept the request in time.";

    @Inject
    QueueView view;

    @Inject
    QueueRouter router;

    @Inject
    AdminRequests requests;

    @Inject
    GatewayDirectory gateways;

    @Context
    UriInfo uri;

    @Parameter(hidden = true)
    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @Parameter(hidden = true)
    @HeaderParam(QueueRouter.FORWARDED)
    String forwarded;

    /** What every domain holds, from every instance. */
    @GET
    @Operation(summary = "Usage of every domain", description = "What every domain holds, from every instance.")
    @APIResponse(responseCode = "200", description = "Held count, bytes, oldest message and in-flight count per domain.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Queues.class)))
    @APIResponse(responseCode = "503", description = UNAVAILABLE + " Or another instance did not answer.")
    public Response queues(@Parameter(description = "local: only this instance's domains.",
            schema = @Schema(type = SchemaType.STRING, enumeration = "local")) @QueryParam("scope") String scope) {
        List<Views.DomainUsage> all = new ArrayList<>(view.usage());
        if (!"local".equals(scope) && forwarded == null) {
            for (byte[] answer : router.askOthers("/api/queues?scope=local", authorization, "the list")) {
                all.addAll(Json.read(answer, Views.Queues.class).queues());
            }
            all.sort(Comparator.comparing(Views.DomainUsage::domain));
        }
        return json(200, new Views.Queues(all));
    }

    /** A page of a domain's held messages, oldest first. */
    @GET
    @Path("{domain}/messages")
    @Operation(summary = "A page of a domain's held messages", description = "Oldest first; next is the cursor of "
            + "the following page.")
    @APIResponse(responseCode = "200", description = "A page of held messages.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.MessagePage.class)))
    @APIResponse(responseCode = "400", description = "Not a domain name, or a bad after or limit (malformed-request).")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response messages(@Parameter(description = DOMAIN) @PathParam("domain") String domainText,
                             @Parameter(description = "The next of the previous page: messages after this sequence.")
                             @QueryParam("after") String after,
                             @Parameter(description = "At most this many messages (1 to 1000).",
                                     schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000",
                                             defaultValue = "50"))
                             @QueryParam("limit") @DefaultValue("50") int limit) {
        String domain = domain(domainText);
        Long afterSeq = null;
        if (after != null && !after.isBlank()) {
            try {
                afterSeq = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, "after must be a message sequence number");
            }
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        Long cursor = afterSeq;
        return routed(domain, "GET", null, null, () -> json(200, view.page(domain, cursor, limit)));
    }

    /** One held message: its state, envelope and header fields; the raw message with {@code ?raw=true}. */
    @GET
    @Path("{domain}/messages/{id}")
    @Produces({MediaType.APPLICATION_JSON, "message/rfc822"})
    @Operation(summary = "One held message", description = "Its state, envelope and header fields; with raw=true "
            + "the message itself.")
    @APIResponse(responseCode = "200", description = "The message.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.MessageDetail.class)),
            @Content(mediaType = "message/rfc822", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "Not a domain name (malformed-request).")
    @APIResponse(responseCode = "404", description = "No such message is held for the domain (unknown-message).")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response message(@Parameter(description = DOMAIN) @PathParam("domain") String domainText,
                            @Parameter(description = ID) @PathParam("id") String id,
                            @Parameter(description = "true: the message as message/rfc822.")
                            @QueryParam("raw") @DefaultValue("false") boolean raw) {
        String domain = domain(domainText);
        return routed(domain, "GET", null, null, () -> {
            HeldMessage m = held(domain, id);
            AcceptedMail body = view.body(m).orElse(null);
            if (raw) {
                if (body == null) {
                    throw new ProblemException(QueueProblems.UNKNOWN_MESSAGE, "The message's body is gone.");
                }
                return Response.ok(body.raw(), "message/rfc822").build();
            }
            return json(200, view.detail(m, body));
        });
    }

    /** Releases the domain's held mail now, to the configured target or to the one given. */
    @POST
    @Path("{domain}/release")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Release a domain's held mail now", description = "To the gateway's configured target, or "
            + "to the one given.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Views.ReleaseBody.class)))
    @APIResponse(responseCode = "202", description = "The release is queued.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Accepted.class)))
    @APIResponse(responseCode = "400", description = "Not a domain name, or a body that cannot be read (malformed-request).")
    @APIResponse(responseCode = "404", description = "No target given and the domain is not a gateway (unknown-gateway).")
    @APIResponse(responseCode = "422", description = "A target is needed: the gateway delivers to the ETRN requester, "
            + "or the body asks for requester-ip (target-required).")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response release(@Parameter(description = DOMAIN) @PathParam("domain") String domainText, byte[] body) {
        DomainName domain = DomainName.parse(domain(domainText));
        DeliverTo target = null;
        if (body != null && body.length > 0) {
            try {
                Views.ReleaseBody b = Json.read(body, Views.ReleaseBody.class);
                target = b.target();
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                        "The body must be {\"target\": {\"mode\": \"host\", \"host\": \"...\"}}: " + rootMessage(e));
            }
            if (target != null && target.mode() == DeliverTo.Mode.REQUESTER_IP) {
                throw new ProblemException(QueueProblems.TARGET_REQUIRED,
                        "An operator's release has no requester: give a host, a [host] or an IP address.");
            }
        }
        Optional<GatewayRecord> g = gateways.find(domain);
        if (target == null) {
            if (g.isEmpty()) {
                throw new ProblemException(QueueProblems.UNKNOWN_GATEWAY,
                        domain + " is not a gateway: give a target to release its mail.");
            }
            if (g.get().settings().etrn().deliverTo().mode() == DeliverTo.Mode.REQUESTER_IP) {
                throw new ProblemException(QueueProblems.TARGET_REQUIRED,
                        domain + " delivers to the ETRN requester's IP: give a target to release its mail now.");
            }
        }
        AdminRequest r = requests.send(domain, AdminRequest.Action.RELEASE, null, target, null,
                AdminToken.PRINCIPAL);
        return accepted(r);
    }

    /** Deletes a held message (no notification). */
    @DELETE
    @Path("{domain}/messages/{id}")
    @Operation(summary = "Drop a held message", description = "Deletes it without notifying anyone.")
    @APIResponse(responseCode = "202", description = "The drop is queued.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Accepted.class)))
    @APIResponse(responseCode = "400", description = "Not a domain name (malformed-request).")
    @APIResponse(responseCode = "404", description = "No such message is held for the domain (unknown-message).")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response drop(@Parameter(description = DOMAIN) @PathParam("domain") String domainText,
                         @Parameter(description = ID) @PathParam("id") String id) {
        String domain = domain(domainText);
        return routed(domain, "DELETE", null, null, () -> {
            held(domain, id);
            return accepted(requests.send(DomainName.parse(domain), AdminRequest.Action.DROP, id, null, null,
                    AdminToken.PRINCIPAL));
        });
    }

    /** Returns a held message to its sender with a delivery status notification. */
    @POST
    @Path("{domain}/messages/{id}/bounce")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Bounce a held message", description = "Returns it to its sender with a delivery status "
            + "notification (RFC 3464).")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Views.BounceBody.class)))
    @APIResponse(responseCode = "202", description = "The bounce is queued.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Accepted.class)))
    @APIResponse(responseCode = "400", description = "Not a domain name, or a body that cannot be read (malformed-request).")
    @APIResponse(responseCode = "404", description = "No such message is held for the domain (unknown-message).")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response bounce(@Parameter(description = DOMAIN) @PathParam("domain") String domainText,
                           @Parameter(description = ID) @PathParam("id") String id, byte[] body,
                           @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        String domain = domain(domainText);
        return routed(domain, "POST", body, contentType, () -> {
            String reason = null;
            if (body != null && body.length > 0) {
                try {
                    reason = Json.read(body, Views.BounceBody.class).reason();
                } catch (RuntimeException e) {
                    throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                            "The body must be {\"reason\": \"...\"}: " + rootMessage(e));
                }
            }
            held(domain, id);
            return accepted(requests.send(DomainName.parse(domain), AdminRequest.Action.BOUNCE, id, null, reason,
                    AdminToken.PRINCIPAL));
        });
    }

    private HeldMessage held(String domain, String id) {
        return view.message(domain, id).orElseThrow(() -> new ProblemException(QueueProblems.UNKNOWN_MESSAGE,
                "No message " + id + " is held for " + domain + "."));
    }

    private Response routed(String domain, String method, byte[] body, String contentType, Supplier<Response> local) {
        if (forwarded == null) {
            Optional<HostInfo> owner = router.remoteOwner(domain);
            if (owner.isPresent()) {
                String path = uri.getRequestUri().getRawPath();
                String query = uri.getRequestUri().getRawQuery();
                return router.forward(owner.get(), method, query == null ? path : path + "?" + query, authorization,
                        body, contentType);
            }
        }
        return local.get();
    }

    private static String domain(String text) {
        try {
            return DomainName.parse(text).value();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Not a domain name: " + e.getMessage());
        }
    }

    private static Response accepted(AdminRequest r) {
        return json(202, new Views.Accepted(r.requestId(), r.action().name().toLowerCase(), r.domain().value(),
                r.messageId(), r.principal()));
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.writeString(entity)).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
