package io.dequeue.queue.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.http.Problem;
import io.dequeue.model.http.ProblemException;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.http.Problems;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "messages", description = "Where is message X: held messages and those settled within the retention")
public class MessageResource {
    /** The problem type of an id that no instance knows. */
    public static final ProblemType NO_SUCH_MESSAGE = new ProblemType("no-such-message", 404, "No such message");
    /** The problem type of an id or Message-ID that several messages match. */
    public static final ProblemType AMBIGUOUS_MESSAGE = new ProblemType("ambiguous-message", 409,
            "Several messages match");
    private static final String SCOPE = "local: only this instance's partitions (used between instances).";
    private static final String UNAVAILABLE = "The stores are starting or moving, or another instance did not "
            + "answer (store-unavailable; Retry-After).";

    @Inject
    TimelineView view;


    @Inject
    QueueRouter router;

    @Context
    UriInfo uri;

    @Parameter(hidden = true)
    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @Parameter(hidden = true)
    @HeaderParam(QueueRouter.FORWARDED)
    String forwarded;

    @GET
    @Path("{id}")
    @Operation(summary = "Where is this message", description = "A message by its queue id (the id of the edge's "
            + "250 reply) or the id of one part of it (<queue id>.<n>): its state, envelope summary and timeline, "
            + "from every instance.")
    @APIResponse(responseCode = "200", description = "The message.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageAnswer.class)))
    @APIResponse(responseCode = "400", description = "Not a message or queue id, or not a domain name (malformed-request).")
    @APIResponse(responseCode = "404", description = "No message of that id is held or settled within the retention "
            + "(no-such-message).")
    @APIResponse(responseCode = "409", description = "Several messages match (ambiguous-message); matches lists them.")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response byId(@Parameter(description = "A queue id or message id.") @PathParam("id") String id,
                         @Parameter(description = "Only the message held for this domain.") @QueryParam("domain")
                         String domainText,
                         @Parameter(description = SCOPE, schema = @Schema(type = SchemaType.STRING, enumeration = "local"))
                         @QueryParam("scope") String scope) {
        if (id.isBlank() || id.length() > 200 || id.indexOf(0) >= 0) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Not a message or queue id.");
        }
        String domain = domainText == null || domainText.isBlank() ? null : domain(domainText);
        return answer(scope, () -> view.lookup().byId(id, domain), "message " + id);
    }

    @GET
    @Operation(summary = "Where is the message with this Message-ID", description = "A message by its Message-ID: "
            + "header field (angle brackets optional), where unambiguous, from every instance.")
    @APIResponse(responseCode = "200", description = "The message.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageAnswer.class)))
    @APIResponse(responseCode = "400", description = "No message-id, or not a Message-ID (malformed-request).")
    @APIResponse(responseCode = "404", description = "No message with that Message-ID is held or settled within the "
            + "retention (no-such-message).")
    @APIResponse(responseCode = "409", description = "Several messages match (ambiguous-message); matches lists them.")
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Response byHeader(@Parameter(description = "The Message-ID: header field.") @QueryParam("message-id")
                             String headerId,
                             @Parameter(description = SCOPE, schema = @Schema(type = SchemaType.STRING, enumeration = "local"))
                             @QueryParam("scope") String scope) {
        if (headerId == null || HeaderMessageId.normalize(headerId) == null) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
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
        for (byte[] answer : router.askOthers(localQuery, authorization, "the answer")) {
            all.addAll(Json.read(answer, MessageAnswer.Local.class).matches());
        }
        if (all.isEmpty()) {
            throw new ProblemException(NO_SUCH_MESSAGE, "No " + what
                    + " is held, or settled within the timeline's retention.");
        }
        if (all.size() == 1) {
            return json(200, all.get(0));
        }
        return ambiguous(all, what);
    }

    private static Response ambiguous(List<MessageAnswer> all, String what) {
        Response p = Problems.of(AMBIGUOUS_MESSAGE, all.size() + " messages match " + what
                + ": ask for one by its messageId (and ?domain= when the same id was held for several domains).")
                .build();
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree((String) p.getEntity());
            body.set("matches", Json.mapper().valueToTree(all.stream().map(MessageAnswer::match).toList()));
            return Response.status(p.getStatus()).type(Problem.MEDIA_TYPE).entity(Json.writeString(body)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String domain(String text) {
        try {
            return DomainName.parse(text).value();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "Not a domain name: " + e.getMessage());
        }
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.writeString(entity)).build();
    }
}
