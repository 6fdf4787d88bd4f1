package io.dequeue.model.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of every error answer of the admin APIs: an RFC 9457 problem detail, sent as
 * {@link #MEDIA_TYPE}, with an optional {@code errors} list naming each invalid field. It never
 * holds a stack trace, an exception's class or a submitted secret.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem detail; every error answer of the API is one.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @Schema(required = true, description = "The problem type: urn:dequeue:problem:<name>, or about:blank for a "
                + "plain HTTP error whose title is the status' reason phrase.",
                examples = "urn:dequeue:problem:unknown-gateway")
        String type,
        @Schema(required = true, description = "A short summary of the problem type; the same for every occurrence.")
        String title,
        @Schema(required = true, description = "The HTTP status code.", minimum = "400", maximum = "599")
        int status,
        @Schema(description = "What went wrong in this request, for a human.")
        String detail,
        @Schema(description = "The invalid fields of the request, each with what is wrong with it.",
                type = SchemaType.ARRAY)
        List<InvalidField> errors) {

    /** The media type of a problem (RFC 9457). */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One invalid part of a request: a field of the body ({@code etrn.port}), a path part or a header. */
    @Schema(name = "InvalidField", description = "One invalid field of a request and what is wrong with it.")
    public record InvalidField(
            @Schema(required = true, description = "The field: a JSON path in the body like etrn.deliverTo.host, "
                    + "or domain (the path), body, or a header name.")
            String field,
            @Schema(required = true, description = "What is wrong with it; never the submitted value of a secret.")
            String message) {
    }
}
