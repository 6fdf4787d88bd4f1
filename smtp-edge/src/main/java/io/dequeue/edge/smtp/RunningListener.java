package io.dequeue.edge.smtp;

import io.dequeue.edge.net.ConnectionLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** An open SMTP listener: its settings, the port it is bound to, its connection limiter. */
public final class RunningListener {
    private final Vertx vertx;
    private final ListenerSettings settings;
    private final String deploymentId;
    private final int port;
    private final ConnectionLimiter limiter;
    private volatile boolean open = true;

    RunningListener(Vertx vertx, ListenerSettings settings, String deploymentId, int port, ConnectionLimiter limiter) {
        this.vertx = vertx;
        this.settings = settings;
        this.deploymentId = deploymentId;
        this.port = port;
        this.limiter = limiter;
    }

    public ListenerSettings settings() {
        return settings;
    }

    /** The port actually bound. */
    public int port() {
        return port;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }

    public boolean isOpen() {
        return open;
    }

    /** Stops accepting connections (open sessions are closed with it). */
    public Future<Void> close() {
        open = false;
        return vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture());
    }
}
