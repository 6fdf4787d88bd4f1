package io.dequeue.queue.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.queue.admin.Problems;
import io.dequeue.queue.admin.QueueRouter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * "Where is message X": {@code GET /api/messages/{id}} (a message or queue id) and
 * {@code GET /api/messages?message-id=<...>} (the {@code Message-ID:} header field). The id does not
 * name the domain, so every instance is asked for what its own partitions know
 * ({@code scope=local}) and the answers are merged: one match is answered, several are a 409 problem
 * listing them, none a 404 problem.
 */
@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {
    @Inject
    TimelineView view;

    @Inject
    QueueRouter router;

    @Context
    UriInfo uri;

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @HeaderParam(QueueRouter.FORWARDED)
    String forwarded;

    @GET
    @Path("{id}")
    public Response byId(@PathParam("id") String id, @QueryParam("domain") String domainText,
                         @QueryParam("scope") String scope) {
        if (id.isBlank() || id.length() > 200 || id.indexOf(0) >= 0) {
            throw new Problems.Failure(Problems.Type.MALFORMED_REQUEST, "Not a message or queue id.");
        }
        String domain = domainText == null || domainText.isBlank() ? null : domain(domainText);
        return answer(scope, () -> view.lookup().byId(id, domain), "message " + id);
    }

    @GET
    public Response byHeader(@QueryParam("message-id") String headerId, @QueryParam("scope") String scope) {
        if (headerId == null || HeaderMessageId.normalize(headerId) == null) {
            throw new Problems.Failure(Problems.Type.MALFORMED_REQUEST,
                    "Give message-id, the Message-ID: header field (e.g. <1234@mail.example.com>), or use /api/messages/{queueId}.");
        }
        return answer(scope, () -> view.lookup().byHeader(headerId), "message with Message-ID "
                + HeaderMessageId.normalize(headerId));
    }

    private Response answer(String scope, Supplier<List<MessageAnswer>> local, String what) {
        List<MessageAnswer> all = new ArrayList<>(local.get());
        if ("local".equals(scope) || forwarded != null) {
            return json(200, new MessageAnswer.Local(all));
        }
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        String localQuery = path + "?" + (query == null || query.isEmpty() ? "" : query + "&") + "scope=local";
        for (HostInfo other : router.others()) {
            Response r = router.forward(other, "GET", localQuery, authorization, null, null);
            if (r.getStatus() != 200) {
                throw new Problems.Failure(Problems.Type.STORE_UNAVAILABLE,
                        "Another instance did not answer; the answer would be incomplete.");
            }
            all.addAll(Json.read((byte[]) r.getEntity(), MessageAnswer.Local.class).matches());
        }
        if (all.isEmpty()) {
            throw new Problems.Failure(Problems.Type.NO_SUCH_MESSAGE, "No " + what
                    + " is held, or settled within the timeline's retention.");
        }
        if (all.size() == 1) {
            return json(200, all.get(0));
        }
        return ambiguous(all, what);
    }

    private static Response ambiguous(List<MessageAnswer> all, String what) {
        Response p = Problems.of(Problems.Type.AMBIGUOUS_MESSAGE, all.size() + " messages match " + what
                + ": ask for one by its messageId (and ?domain= when the same id was held for several domains).")
                .build();
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree((String) p.getEntity());
            body.set("matches", Json.mapper().valueToTree(all.stream().map(MessageAnswer::match).toList()));
            return Response.status(p.getStatus()).type(Problems.MEDIA_TYPE).entity(Json.writeString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String domain(String text) {
        try {
            return DomainName.parse(text).value();
        } catch (IllegalArgumentException e) {
            throw new Problems.Failure(Problems.Type.MALFORMED_REQUEST, "Not a domain name: " + e.getMessage());
        }
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.writeString(entity)).build();
    }
}
