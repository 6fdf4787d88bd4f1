package io.dequeue.model.http;

/**
 * A problem type of the admin APIs: its URI is {@code urn:dequeue:problem:<slug>}; its status and
 * title are the same for every occurrence (RFC 9457, 3.1). The types both APIs use are here; each
 * service names its own next to its resources.
 *
 * @param slug   the last part of the type URI
 * @param status the HTTP status of an answer with this type
 * @param title  a short summary that does not change between occurrences
 */
public record ProblemType(String slug, int status, String title) {
    /** The prefix of every problem type URI of Dequeue. */
    public static final String PREFIX = "urn:dequeue:problem:";

    /** No or a wrong bearer token (sent with {@code WWW-Authenticate}). */
    public static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", 401, "Authentication required");
    /** A request whose path, query, headers or body cannot be read. */
    public static final ProblemType MALFORMED_REQUEST =
            new ProblemType("malformed-request", 400, "The request cannot be read");
    /** Kafka or a state store does not answer right now (sent with {@code Retry-After}). */
    public static final ProblemType STORE_UNAVAILABLE =
            new ProblemType("store-unavailable", 503, "The store is not available right now");
    /** A failure of the service itself; its log has the details, the answer has none. */
    public static final ProblemType INTERNAL = new ProblemType("internal-error", 500, "Internal error");

    public ProblemType {
        if (slug == null || !slug.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a problem type slug is lower-case words with dashes: " + slug);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx: " + status);
        }
    }

    /** The type URI, {@code urn:dequeue:problem:<slug>}. */
    public String uri() {
        return PREFIX + slug;
    }
}
