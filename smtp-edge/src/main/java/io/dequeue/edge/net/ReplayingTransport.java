package io.dequeue.edge.net;

import io.dequeue.smtp.server.SessionTransport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

/**
 * A {@link SessionTransport} that hands bytes read before the session existed (what followed a
 * PROXY protocol header) to the session's input handler first, as if they had just arrived. For a
 * SMTP session those bytes come before the greeting, so the session drops the client as an early
 * talker, exactly as it would without a proxy in between. Everything else is delegated.
 */
public final class ReplayingTransport implements SessionTransport {
    private final SessionTransport delegate;
    private Buffer pending;

    public ReplayingTransport(SessionTransport delegate, Buffer pending) {
        this.delegate = delegate;
        this.pending = pending == null || pending.length() == 0 ? null : pending;
    }

    /** Wraps {@code delegate} only when there is something to replay. */
    public static SessionTransport of(SessionTransport delegate, Buffer pending) {
        return pending == null || pending.length() == 0 ? delegate : new ReplayingTransport(delegate, pending);
    }

    public SessionTransport delegate() {
        return delegate;
    }

    @Override
    public void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler) {
        delegate.setHandlers(dataHandler, closeHandler);
        if (dataHandler != null && pending != null) {
            Buffer b = pending;
            pending = null;
            dataHandler.handle(b);
        }
    }

    @Override
    public Future<Void> write(Buffer data) {
        return delegate.write(data);
    }

    @Override
    public void pause() {
        delegate.pause();
    }

    @Override
    public void resume() {
        delegate.resume();
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable handler) {
        delegate.drainHandler(handler);
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    @Override
    public boolean isTlsAvailable() {
        return delegate.isTlsAvailable();
    }

    @Override
    public Future<Void> upgradeToTls() {
        return delegate.upgradeToTls();
    }

    @Override
    public boolean isTls() {
        return delegate.isTls();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        return delegate.setTimer(delayMillis, task);
    }

    @Override
    public void cancelTimer(long timerId) {
        delegate.cancelTimer(timerId);
    }

    @Override
    public void runOnContext(Runnable task) {
        delegate.runOnContext(task);
    }
}
