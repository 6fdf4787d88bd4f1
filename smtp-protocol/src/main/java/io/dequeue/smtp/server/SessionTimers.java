package io.dequeue.smtp.server;

/**
 * The idle timeout (re-armed by every input) and the total session cap of one session. Both fire
 * on the session's context; {@link #cancel()} stops them for good (close, reversal).
 */
final class SessionTimers {
    private final SessionTransport transport;
    private final ServerConfig config;
    private final Runnable onIdle;
    private final Runnable onSessionTimeout;
    private long idleTimer = -1;
    private long sessionTimer = -1;

    SessionTimers(SessionTransport transport, ServerConfig config, Runnable onIdle, Runnable onSessionTimeout) {
        this.transport = transport;
        this.config = config;
        this.onIdle = onIdle;
        this.onSessionTimeout = onSessionTimeout;
    }

    void start() {
        sessionTimer = transport.setTimer(config.sessionTimeout().toMillis(), () -> {
            sessionTimer = -1;
            onSessionTimeout.run();
        });
        touch();
    }

    /** Input came: the idle timeout starts again. */
    void touch() {
        if (idleTimer >= 0) {
            transport.cancelTimer(idleTimer);
        }
        idleTimer = transport.setTimer(config.idleTimeout().toMillis(), () -> {
            idleTimer = -1;
            onIdle.run();
        });
    }

    void cancel() {
        if (idleTimer >= 0) {
            transport.cancelTimer(idleTimer);
            idleTimer = -1;
        }
        if (sessionTimer >= 0) {
            transport.cancelTimer(sessionTimer);
            sessionTimer = -1;
        }
    }
}
