package io.dequeue.edge.dequeue;

/** Why a dequeue request is refused; each listener turns it into its own reply. */
public enum Denial {
    /** The domain is not a configured gateway. */
    UNKNOWN_DOMAIN("unknown"),
    /** The gateway does not answer this service (ETRN or ATRN off). */
    SERVICE_OFF("service-off"),
    /** The client's address is in the ignore list, or outside the honor list. */
    ADDRESS_REFUSED("address"),
    /** The gateway requires AUTH and the session has not authenticated. */
    AUTH_REQUIRED("auth-required"),
    /** The session authenticated as a login the gateway does not authorise. */
    NOT_AUTHORISED("not-authorised"),
    /** The session made too many requests. */
    THROTTLED("throttled");

    private final String wireName;

    Denial(String wireName) {
        this.wireName = wireName;
    }

    /** The name in lifecycle events. */
    public String wireName() {
        return wireName;
    }
}
