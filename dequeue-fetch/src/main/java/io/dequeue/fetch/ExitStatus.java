package io.dequeue.fetch;

/**
 * The documented exit statuses of {@code dequeue-fetch} (see the module README). A pull that meets
 * several outcomes reports the most severe one by {@link #worse(int, int)}.
 */
public final class ExitStatus {

    /** Mail pulled, nothing waiting (ATRN 453), or every ETRN accepted (250, 251, 252, 253). */
    public static final int OK = 0;
    /** Usage or configuration error: nothing was sent. */
    public static final int USAGE = 2;
    /** Connection or TLS failure, certificate verification or pin mismatch included. */
    public static final int CONNECTION = 3;
    /** Authentication failed (535, other 5xx to AUTH, mechanism not offered). */
    public static final int AUTH = 4;
    /** Upstream refused temporarily: ATRN 450/451, ETRN 458, any other 4xx. */
    public static final int UPSTREAM_TEMPORARY = 5;
    /** Upstream refused permanently: any 5xx, ETRN 459. */
    public static final int UPSTREAM_PERMANENT = 6;
    /** The local mail server is down or failed; mail not acknowledged stays held upstream. */
    public static final int LOCAL_FAILED = 7;
    /** A stop was requested; the session was ended cleanly after the current message. */
    public static final int INTERRUPTED = 8;

    private ExitStatus() {
    }

    /**
     * The more severe of two statuses: OK &lt; upstream temporary &lt; upstream permanent &lt; auth &lt;
     * local failed &lt; connection &lt; interrupted &lt; usage.
     */
    public static int worse(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int status) {
        return switch (status) {
            case OK -> 0;
            case UPSTREAM_TEMPORARY -> 1;
            case UPSTREAM_PERMANENT -> 2;
            case AUTH -> 3;
            case LOCAL_FAILED -> 4;
            case CONNECTION -> 5;
            case INTERRUPTED -> 6;
            default -> 7;
        };
    }

    /** A short name for logs. */
    public static String describe(int status) {
        return switch (status) {
            case OK -> "ok";
            case USAGE -> "usage or configuration error";
            case CONNECTION -> "connection or TLS failure";
            case AUTH -> "authentication failed";
            case UPSTREAM_TEMPORARY -> "upstream refused temporarily";
            case UPSTREAM_PERMANENT -> "upstream refused permanently";
            case LOCAL_FAILED -> "local mail server failed";
            case INTERRUPTED -> "interrupted";
            default -> "status " + status;
        };
    }
}
