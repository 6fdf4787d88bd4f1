package io.dequeue.fetch;

/** A pull ended with a documented {@link ExitStatus}; the message is safe to log (no secret). */
public final class FetchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    public FetchException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public FetchException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
