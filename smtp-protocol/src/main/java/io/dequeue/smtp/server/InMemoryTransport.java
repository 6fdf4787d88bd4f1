package io.dequeue.smtp.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * A single-threaded, socket-free {@link SessionTransport} for tests and dialogue scripts. The
 * test plays the client: {@link #clientSend} delivers bytes (queued while the session has paused
 * input), {@link #takeOutput()} collects what the server wrote, {@link #advance} moves a manual
 * clock and fires due timers. TLS upgrades succeed at once when enabled. Not thread-safe.
 *
 * <p>What the server wrote stays queued until the test takes it: a client that never calls
 * {@link #takeOutput()} is a peer that does not read. Past {@link #setWriteQueueMaxSize} queued
 * bytes the transport reports {@link #writeQueueFull()}, like a socket whose peer stopped reading,
 * and the futures of writes made then complete only once the output is taken; taking the output
 * drains the queue and runs the drain handler.
 */
public final class InMemoryTransport implements SessionTransport {

    private record Timer(long due, long id, Runnable task) {
    }

    private Handler<Buffer> dataHandler;
    private Handler<Void> closeHandler;
    private Runnable drainHandler;
    private final ArrayDeque<Promise<Void>> unflushed = new ArrayDeque<>();
    private int writeQueueMaxSize = 64 * 1024;
    private final ArrayDeque<Buffer> input = new ArrayDeque<>();
    private Buffer output = Buffer.buffer();
    private boolean paused;
    private boolean delivering;
    private boolean closed;
    private boolean tls;
    private boolean tlsAvailable;
    private int tlsUpgrades;
    private long now;
    private long nextTimerId = 1;
    private final TreeMap<Long, Timer> timers = new TreeMap<>();
    private final SocketAddress remote;
    private final SocketAddress local;

    public InMemoryTransport() {
        this(SocketAddress.inetSocketAddress(40000, "192.0.2.10"), SocketAddress.inetSocketAddress(25, "192.0.2.1"));
    }

    public InMemoryTransport(SocketAddress remote, SocketAddress local) {
        this.remote = remote;
        this.local = local;
    }

    // ---- the client's side -------------------------------------------------------------

    public void clientSend(String ascii) {
        clientSend(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void clientSend(byte[] bytes) {
        if (closed || bytes.length == 0) {
            return;
        }
        input.add(Buffer.buffer(bytes));
        deliver();
    }

    /** Everything the server wrote since the last call (the client reads: the write queue drains). */
    public byte[] takeOutput() {
        byte[] b = output.getBytes();
        output = Buffer.buffer();
        while (!unflushed.isEmpty()) {
            unflushed.poll().tryComplete();
        }
        Runnable drained = drainHandler;
        if (drained != null) {
            drainHandler = null;
            drained.run();
        }
        return b;
    }

    /** Queued output at or over this many bytes makes {@link #writeQueueFull()} true (64 KiB by default). */
    public void setWriteQueueMaxSize(int bytes) {
        this.writeQueueMaxSize = bytes;
    }

    public String takeOutputText() {
        return new String(takeOutput(), StandardCharsets.ISO_8859_1);
    }

    public int pendingOutput() {
        return output.length();
    }

    /** The client hangs up. */
    public void clientClose() {
        if (!closed) {
            closed = true;
            input.clear();
            if (closeHandler != null) {
                closeHandler.handle(null);
            }
        }
    }

    /** Moves the clock and runs every timer that is due, in order. */
    public void advance(long millis) {
        long target = now + millis;
        while (true) {
            Timer next = null;
            for (Timer t : timers.values()) {
                if (t.due <= target && (next == null || t.due < next.due || (t.due == next.due && t.id < next.id))) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            timers.remove(next.id);
            now = next.due;
            next.task.run();
        }
        now = target;
    }

    public long now() {
        return now;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isPaused() {
        return paused;
    }

    public int tlsUpgrades() {
        return tlsUpgrades;
    }

    public void setTlsAvailable(boolean available) {
        this.tlsAvailable = available;
    }

    public int activeTimers() {
        return timers.size();
    }

    /** Input the session has not consumed yet (queued while paused or detached). */
    public int queuedInput() {
        int n = 0;
        for (Buffer b : input) {
            n += b.length();
        }
        return n;
    }

    private void deliver() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            while (!paused && !closed && dataHandler != null && !input.isEmpty()) {
                dataHandler.handle(input.poll());
            }
        } finally {
            delivering = false;
        }
    }

    // ---- SessionTransport ----------------------------------------------------------------

    @Override
    public void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler) {
        this.dataHandler = dataHandler;
        this.closeHandler = closeHandler;
        deliver();
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (closed) {
            return Future.failedFuture("closed");
        }
        output.appendBuffer(data);
        if (writeQueueFull()) {
            Promise<Void> flushed = Promise.promise();
            unflushed.add(flushed);
            return flushed.future();
        }
        return Future.succeededFuture();
    }

    @Override
    public boolean writeQueueFull() {
        return output.length() >= writeQueueMaxSize;
    }

    @Override
    public void drainHandler(Runnable handler) {
        this.drainHandler = handler;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        deliver();
    }

    @Override
    public Future<Void> close() {
        if (!closed) {
            closed = true;
            input.clear();
            timers.clear();
            if (closeHandler != null) {
                closeHandler.handle(null);
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public boolean isTlsAvailable() {
        return tlsAvailable;
    }

    @Override
    public Future<Void> upgradeToTls() {
        if (!tlsAvailable || tls) {
            return Future.failedFuture("TLS not available");
        }
        tls = true;
        tlsUpgrades++;
        return Future.succeededFuture();
    }

    @Override
    public boolean isTls() {
        return tls;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        long id = nextTimerId++;
        timers.put(id, new Timer(now + Math.max(0, delayMillis), id, task));
        return id;
    }

    @Override
    public void cancelTimer(long timerId) {
        timers.remove(timerId);
    }

    @Override
    public void runOnContext(Runnable task) {
        task.run();
    }
}
