package io.dequeue.queue.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.model.serde.Json;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details ({@code application/problem+json}) of the admin API. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String PREFIX = "urn:dequeue:problem:";

    /** The problem types of this API, with their status and title. */
    public enum Type {
        UNAUTHORIZED("unauthorized", 401, "Authentication required"),
        MALFORMED_REQUEST("malformed-request", 400, "The request cannot be read"),
        UNKNOWN_MESSAGE("unknown-message", 404, "No such held message"),
        UNKNOWN_GATEWAY("unknown-gateway", 404, "No such gateway"),
        TARGET_REQUIRED("target-required", 422, "A delivery target is needed"),
        NOT_FOUND("not-found", 404, "Not found"),
        NO_SUCH_MESSAGE("no-such-message", 404, "No such message"),
        AMBIGUOUS_MESSAGE("ambiguous-message", 409, "Several messages match"),
        STORE_UNAVAILABLE("store-unavailable", 503, "The queue is not available right now"),
        INTERNAL("internal-error", 500, "Internal error");

        final String slug;
        final int status;
        final String title;

        Type(String slug, int status, String title) {
            this.slug = slug;
            this.status = status;
            this.title = title;
        }

        public String uri() {
            return PREFIX + slug;
        }

        public int status() {
            return status;
        }
    }

    private Problems() {
    }

    public static Response.ResponseBuilder of(Type type, String detail) {
        return build(type.uri(), type.title, type.status, detail);
    }

    /** A plain HTTP problem ({@code about:blank}, titled with the reason phrase). */
    public static Response.ResponseBuilder http(int status, String detail) {
        Response.StatusType st = Response.Status.fromStatusCode(status);
        return build("about:blank", st == null ? "HTTP " + status : st.getReasonPhrase(), status, detail);
    }

    private static Response.ResponseBuilder build(String type, String title, int status, String detail) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        Response.ResponseBuilder b = Response.status(status).type(MEDIA_TYPE).entity(Json.writeString(body));
        if (status == 503) {
            b.header("Retry-After", "5");
        }
        return b;
    }

    /** An error that becomes a problem response. */
    public static final class Failure extends RuntimeException {
        private final Type type;

        public Failure(Type type, String detail) {
            super(detail);
            this.type = type;
        }

        public Type type() {
            return type;
        }
    }
}
