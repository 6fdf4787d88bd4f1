package io.dequeue.smtp.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * A {@link SessionTransport} over a Vert.x {@link NetSocket}. Create it on the socket's context
 * (inside the {@code NetServer} connect handler). STARTTLS needs a {@code NetServer} configured
 * with key material but {@code ssl=false}; pass {@code tlsAvailable} accordingly. The remote
 * address may be overridden (e.g. from a PROXY protocol header).
 */
public final class NetSocketTransport implements SessionTransport {

    private final Vertx vertx;
    private final NetSocket socket;
    private final Context context;
    private final boolean tlsAvailable;
    private final SocketAddress remoteOverride;

    public NetSocketTransport(Vertx vertx, NetSocket socket, boolean tlsAvailable) {
        this(vertx, socket, tlsAvailable, null);
    }

    public NetSocketTransport(Vertx vertx, NetSocket socket, boolean tlsAvailable, SocketAddress remoteOverride) {
        this.vertx = vertx;
        this.socket = socket;
        this.context = vertx.getOrCreateContext();
        this.tlsAvailable = tlsAvailable;
        this.remoteOverride = remoteOverride;
    }

    /** The socket itself, e.g. for the reversed ATRN session that takes it over. */
    public NetSocket socket() {
        return socket;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler) {
        socket.handler(dataHandler);
        socket.closeHandler(closeHandler);
        socket.exceptionHandler(dataHandler == null ? null : t -> socket.close());
    }

    @Override
    public Future<Void> write(Buffer data) {
        return socket.write(data);
    }

    @Override
    public void pause() {
        socket.pause();
    }

    @Override
    public void resume() {
        socket.resume();
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable handler) {
        socket.drainHandler(handler == null ? null : v -> handler.run());
    }

    @Override
    public Future<Void> close() {
        return socket.close();
    }

    @Override
    public boolean isTlsAvailable() {
        return tlsAvailable;
    }

    @Override
    public Future<Void> upgradeToTls() {
        return socket.upgradeToSsl();
    }

    @Override
    public boolean isTls() {
        return socket.isSsl();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteOverride != null ? remoteOverride : socket.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
    }

    @Override
    public void cancelTimer(long timerId) {
        vertx.cancelTimer(timerId);
    }

    @Override
    public void runOnContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }
}
