package io.dequeue.model.http;

import io.dequeue.model.serde.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Builds the problem answers of the admin APIs: {@code application/problem+json}, the body written
 * here (so the media type never depends on a message body writer), and {@code Retry-After} on every
 * 503.
 */
public final class Problems {
    /** Seconds a client waits before it tries again after a 503. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private Problems() {
    }

    /** An answer with one of the APIs' problem types. */
    public static Response.ResponseBuilder of(ProblemType type, String detail) {
        return of(type, detail, List.of());
    }

    /** An answer with one of the APIs' problem types and the invalid fields of the request. */
    public static Response.ResponseBuilder of(ProblemType type, String detail, List<Problem.InvalidField> errors) {
        return build(new Problem(type.uri(), type.title(), type.status(), detail, errors));
    }

    /** A plain HTTP problem ({@code about:blank}: the title is the status' reason phrase). */
    public static Response.ResponseBuilder http(int status, String detail) {
        Response.StatusType st = Response.Status.fromStatusCode(status);
        String title = st == null ? "HTTP " + status : st.getReasonPhrase();
        return build(new Problem("about:blank", title, status, detail, List.of()));
    }

    private static Response.ResponseBuilder build(Problem problem) {
        Response.ResponseBuilder b = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(Json.writeString(problem));
        if (problem.status() == 503) {
            b.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return b;
    }
}
