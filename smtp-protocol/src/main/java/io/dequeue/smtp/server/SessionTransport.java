package io.dequeue.smtp.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

/**
 * What a session needs from a connection: ordered writes, flow control, TLS upgrade, timers and
 * its own execution context. {@link NetSocketTransport} adapts a Vert.x {@code NetSocket};
 * {@link InMemoryTransport} runs sessions in tests without sockets.
 */
public interface SessionTransport {

    /** Installs the input and close handlers; nulls detach the current owner. */
    void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler);

    /** Queues bytes for the peer; writes are sent in call order. */
    Future<Void> write(Buffer data);

    /** Stops delivering input (backpressure) until {@link #resume()}. */
    void pause();

    void resume();

    /**
     * True while bytes written to the peer and not yet taken by it are over the transport's bound
     * (a peer that does not read). The session then stops reading until {@link #drainHandler}.
     */
    boolean writeQueueFull();

    /** Runs {@code handler} (on the session's context) once the write queue drained; null clears it. */
    void drainHandler(Runnable handler);

    /** Closes the connection; the close handler runs. */
    Future<Void> close();

    /** True when {@link #upgradeToTls()} can work (server TLS material configured). */
    boolean isTlsAvailable();

    /** Starts the TLS handshake as the server; completes when it is done. */
    Future<Void> upgradeToTls();

    boolean isTls();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** Runs {@code task} once after the delay, on the session's context. Returns a timer id. */
    long setTimer(long delayMillis, Runnable task);

    void cancelTimer(long timerId);

    /** Runs {@code task} on the session's context: now if already there, else soon. */
    void runOnContext(Runnable task);
}
