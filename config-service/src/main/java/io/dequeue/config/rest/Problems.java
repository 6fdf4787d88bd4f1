package io.dequeue.config.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.config.service.FieldError;
import io.dequeue.model.serde.Json;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** RFC 9457 problem details ({@code application/problem+json}) with an {@code errors} array of {field, message}. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String PREFIX = "urn:dequeue:problem:";

    /** Problem types of this API: the last part of the {@code type} URI and the title. */
    public enum Type {
        MALFORMED_REQUEST("malformed-request", "The request cannot be read"),
        INVALID_SETTINGS("invalid-settings", "Invalid gateway settings"),
        PASSWORD_REQUIRED("password-required", "The password is needed for this change"),
        UNKNOWN_GATEWAY("unknown-gateway", "No such gateway"),
        PRECONDITION_FAILED("version-mismatch", "The gateway has changed"),
        UNAUTHORIZED("unauthorized", "Authentication required"),
        STORE_UNAVAILABLE("store-unavailable", "The gateway store is unavailable"),
        INTERNAL("internal-error", "Internal error");

        final String slug;
        final String title;

        Type(String slug, String title) {
            this.slug = slug;
            this.title = title;
        }

        public String uri() {
            return PREFIX + slug;
        }
    }

    private Problems() {
    }

    /** A response with one of this API's problem types. */
    public static Response.ResponseBuilder of(Type type, int status, String detail, List<FieldError> errors) {
        return build(type.uri(), type.title, status, detail, errors);
    }

    /** A plain HTTP problem ({@code about:blank}: the title is the status' reason phrase). */
    public static Response.ResponseBuilder http(int status, String detail) {
        Response.StatusType st = Response.Status.fromStatusCode(status);
        String title = st == null ? "HTTP " + status : st.getReasonPhrase();
        return build("about:blank", title, status, detail, List.of());
    }

    private static Response.ResponseBuilder build(String type, String title, int status, String detail,
                                                  List<FieldError> errors) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            for (FieldError e : errors) {
                list.addObject().put("field", e.field()).put("message", e.message());
            }
        }
        // Written here rather than by a provider, so the problem media type never depends on one.
        return Response.status(status).type(MEDIA_TYPE).entity(Json.writeString(body));
    }
}
