package io.dequeue.edge.net;

import io.dequeue.smtp.server.SessionTransport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

/**
 * A {@link SessionTransport} that counts the bytes the session reads, for a minimum data rate.
 * Everything else is delegated. Used on the session's context only.
 */
public final class CountingTransport implements SessionTransport {
    private final SessionTransport delegate;
    private long bytesIn;

    public CountingTransport(SessionTransport delegate) {
        this.delegate = delegate;
    }

    /** Bytes handed to the session so far. */
    public long bytesIn() {
        return bytesIn;
    }

    public SessionTransport delegate() {
        return delegate;
    }

    @Override
    public void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler) {
        delegate.setHandlers(dataHandler == null ? null : b -> {
            bytesIn += b.length();
            dataHandler.handle(b);
        }, closeHandler);
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
