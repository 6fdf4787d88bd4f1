package io.dequeue.fetch;

/** How the connection to the upstream server is protected. */
public enum UpstreamTls {
    /** Plain connection, then STARTTLS (required: a server that does not offer it fails the pull). */
    STARTTLS,
    /** TLS from the first byte (port 465 style). */
    IMPLICIT,
    /** No TLS: only CRAM-MD5 (or no AUTH) is allowed. */
    NONE;

    /** Parses {@code starttls | implicit | none}. */
    public static UpstreamTls parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "starttls" -> STARTTLS;
            case "implicit", "tls" -> IMPLICIT;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("tls must be starttls, implicit or none: " + text);
        };
    }
}
