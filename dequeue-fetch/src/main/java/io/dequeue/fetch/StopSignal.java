package io.dequeue.fetch;

/**
 * A stop request shared between a pull and whoever may end it (the daemon on SIGTERM). A pull that
 * sees it finishes the message in progress, then ends the session cleanly (upstream keeps the rest)
 * and reports {@link ExitStatus#INTERRUPTED}. Thread-safe.
 */
public final class StopSignal {

    private volatile boolean requested;

    /** Asks the pulls that share this signal to stop after the current message. */
    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
