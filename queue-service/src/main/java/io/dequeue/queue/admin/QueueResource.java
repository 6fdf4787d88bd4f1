package io.dequeue.queue.admin;

import io.dequeue.model.auth.AdminToken;
import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.StoredBody;
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
public class QueueResource {
    private static final int MAX_PAGE = 1000;

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

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @HeaderParam(QueueRouter.FORWARDED)
    String forwarded;

    /** What every domain holds, from every instance. */
    @GET
    public Response queues(@QueryParam("scope") String scope) {
        List<Views.DomainUsage> all = new ArrayList<>(view.usage());
        if (!"local".equals(scope) && forwarded == null) {
            for (HostInfo other : router.others()) {
                Response r = router.forward(other, "GET", "/api/queues?scope=local", authorization, null, null);
                if (r.getStatus() != 200) {
                    throw new ProblemException(ProblemType.STORE_UNAVAILABLE,
                            "Another instance did not answer; the list would be incomplete.");
                }
                all.addAll(Json.read((byte[]) r.getEntity(), Views.Queues.class).queues());
            }
            all.sort(Comparator.comparing(Views.DomainUsage::domain));
        }
        return json(200, new Views.Queues(all));
    }

    /** A page of a domain's held messages, oldest first. */
    @GET
    @Path("{domain}/messages")
    public Response messages(@PathParam("domain") String domainText, @QueryParam("after") String after,
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
    public Response message(@PathParam("domain") String domainText, @PathParam("id") String id,
                            @QueryParam("raw") @DefaultValue("false") boolean raw) {
        String domain = domain(domainText);
        return routed(domain, "GET", null, null, () -> {
            HeldMessage m = held(domain, id);
            StoredBody body = view.body(id).orElse(null);
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
    public Response release(@PathParam("domain") String domainText, byte[] body) {
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
    public Response drop(@PathParam("domain") String domainText, @PathParam("id") String id) {
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
    public Response bounce(@PathParam("domain") String domainText, @PathParam("id") String id, byte[] body,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
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
