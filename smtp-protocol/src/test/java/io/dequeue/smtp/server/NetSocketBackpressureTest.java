package io.dequeue.smtp.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client on a real socket that writes HELP without end and never reads: the session stops
 * reading once the socket's write queue is full, so the server holds a bounded amount of replies.
 */
class NetSocketBackpressureTest {

    private static Vertx vertx;
    private static int port;
    private static final AtomicLong PENDING = new AtomicLong();
    private static final AtomicLong MOST_PENDING = new AtomicLong();
    private static final AtomicLong READ = new AtomicLong();
    private static final AtomicBoolean PAUSED_FULL = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ServerConfig config = ServerConfig.smtp().withHostname("gw.example").withMaxJunkCommands(Integer.MAX_VALUE)
                .withIdleTimeout(Duration.ofMinutes(5));
        NetServer server = vertx.createNetServer().connectHandler(s -> new SmtpServerSession(
                new Probe(new NetSocketTransport(vertx, s, false)), config, new TestPolicy()).start());
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNonReadingClientIsPausedWithBoundedOutput() throws Exception {
        long total = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                byte[] help = "HELP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
                try {
                    out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
                    while (written.get() < total) {
                        out.write(help);
                        written.addAndGet(help.length);
                    }
                } catch (IOException closed) {
                    // the test hangs up
                }
            }, "help-flood");
            writer.setDaemon(true);
            writer.start();

            await().atMost(Duration.ofSeconds(60)).untilTrue(PAUSED_FULL);
            // paused: the 256 MiB of HELP (~1.9 GiB of replies) stay at the client, the server holds little
            assertThat(MOST_PENDING.get()).as("reply bytes queued in the server").isLessThanOrEqualTo(256 * 1024);
            assertThat(READ.get()).as("bytes the server read").isLessThan(total);
            assertThat(writer.isAlive()).as("the client is blocked in write").isTrue();
        }
    }

    /** Counts the bytes written and not yet flushed, and whether reading stopped on a full queue. */
    private static final class Probe implements SessionTransport {
        private final SessionTransport d;

        Probe(SessionTransport d) {
            this.d = d;
        }

        @Override
        public void setHandlers(Handler<Buffer> dataHandler, Handler<Void> closeHandler) {
            d.setHandlers(dataHandler == null ? null : b -> {
                READ.addAndGet(b.length());
                dataHandler.handle(b);
            }, closeHandler);
        }

        @Override
        public Future<Void> write(Buffer data) {
            long now = PENDING.addAndGet(data.length());
            MOST_PENDING.accumulateAndGet(now, Math::max);
            return d.write(data).onComplete(v -> PENDING.addAndGet(-data.length()));
        }

        @Override
        public void pause() {
            if (d.writeQueueFull()) {
                PAUSED_FULL.set(true);
            }
            d.pause();
        }

        @Override
        public void resume() {
            d.resume();
        }

        @Override
        public boolean writeQueueFull() {
            return d.writeQueueFull();
        }

        @Override
        public void drainHandler(Runnable handler) {
            d.drainHandler(handler);
        }

        @Override
        public Future<Void> close() {
            return d.close();
        }

        @Override
        public boolean isTlsAvailable() {
            return d.isTlsAvailable();
        }

        @Override
        public Future<Void> upgradeToTls() {
            return d.upgradeToTls();
        }

        @Override
        public boolean isTls() {
            return d.isTls();
        }

        @Override
        public SocketAddress remoteAddress() {
            return d.remoteAddress();
        }

        @Override
        public SocketAddress localAddress() {
            return d.localAddress();
        }

        @Override
        public long setTimer(long delayMillis, Runnable task) {
            return d.setTimer(delayMillis, task);
        }

        @Override
        public void cancelTimer(long timerId) {
            d.cancelTimer(timerId);
        }

        @Override
        public void runOnContext(Runnable task) {
            d.runOnContext(task);
        }
    }
}
