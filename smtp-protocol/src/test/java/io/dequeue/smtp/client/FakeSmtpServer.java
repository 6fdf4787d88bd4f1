package io.dequeue.smtp.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted SMTP peer on 127.0.0.1 for client tests. Every connection plays the same script:
 * the greeting, then one step per command line the client must send, in order. A step matches a
 * line by prefix and answers with a reply (CR LF added per line), or acts: holds its reply until a
 * later step answers (to prove pipelining), stays silent (timeouts), drops the connection, starts
 * TLS, or reads a message body. Everything received is recorded.
 */
final class FakeSmtpServer implements AutoCloseable {

    enum Action { REPLY, HOLD, SILENT, DROP, STARTTLS, DATA, DATA_THEN_DROP, DATA_THEN_SILENT }

    record Step(String prefix, Action action, String reply, String afterData) {
    }

    private final Vertx vertx;
    private final List<Step> steps = new ArrayList<>();
    private String greeting = "220 mx.test ESMTP fake";
    private Duration greetingDelay = Duration.ZERO;
    private KeyCertOptions tlsCertificate;
    private NetServer server;
    private int port;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    /** For each line of {@link #lines}, the number of the read that completed it (same number = same TCP read). */
    final List<Integer> lineReads = Collections.synchronizedList(new ArrayList<>());
    final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> bytesBeforeGreeting = Collections.synchronizedList(new ArrayList<>());
    volatile int connections;
    volatile boolean sawTls;
    /** Connections that ended (closed by either side): a fact to wait for before asserting what was not sent. */
    final AtomicInteger closedConnections = new AtomicInteger();

    FakeSmtpServer(Vertx vertx) {
        this.vertx = vertx;
    }

    // ---- script ------------------------------------------------------------------------------

    /** The greeting (null: never greet). */
    FakeSmtpServer greet(String reply) {
        this.greeting = reply;
        return this;
    }

    FakeSmtpServer greetAfter(Duration delay, String reply) {
        this.greetingDelay = delay;
        this.greeting = reply;
        return this;
    }

    FakeSmtpServer on(String prefix, String reply) {
        steps.add(new Step(prefix, Action.REPLY, reply, null));
        return this;
    }

    /** Answer later, together with the next step that answers. */
    FakeSmtpServer hold(String prefix, String reply) {
        steps.add(new Step(prefix, Action.HOLD, reply, null));
        return this;
    }

    FakeSmtpServer silent(String prefix) {
        steps.add(new Step(prefix, Action.SILENT, null, null));
        return this;
    }

    FakeSmtpServer drop(String prefix) {
        steps.add(new Step(prefix, Action.DROP, null, null));
        return this;
    }

    FakeSmtpServer startTls() {
        steps.add(new Step("STARTTLS", Action.STARTTLS, "220 2.0.0 Ready to start TLS", null));
        return this;
    }

    /** DATA: answers {@code 354}, reads the body up to the dot, answers {@code afterDot}. */
    FakeSmtpServer data(String afterDot) {
        steps.add(new Step("DATA", Action.DATA, "354 End data with <CR><LF>.<CR><LF>", afterDot));
        return this;
    }

    /** DATA: 354, read the body, then close without answering. */
    FakeSmtpServer dataThenDrop() {
        steps.add(new Step("DATA", Action.DATA_THEN_DROP, "354 go ahead", null));
        return this;
    }

    /** DATA: 354, read the body, then never answer. */
    FakeSmtpServer dataThenSilent() {
        steps.add(new Step("DATA", Action.DATA_THEN_SILENT, "354 go ahead", null));
        return this;
    }

    /** The certificate and key presented after STARTTLS (default: a self-signed one for {@code localhost}). */
    FakeSmtpServer tlsCertificate(KeyCertOptions keyCert) {
        this.tlsCertificate = keyCert;
        return this;
    }

    /** The usual end: {@code QUIT} answered with 221, then close. */
    FakeSmtpServer quit() {
        return on("QUIT", "221 2.0.0 Bye");
    }

    FakeSmtpServer start() throws Exception {
        KeyCertOptions keyCert = tlsCertificate != null ? tlsCertificate
                : SelfSignedCertificate.create("localhost").keyCertOptions();
        server = vertx.createNetServer(new NetServerOptions().setSsl(false).setKeyCertOptions(keyCert))
                .connectHandler(s -> new Connection(s).begin());
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        return this;
    }

    int port() {
        return port;
    }

    /** The command lines received, in order, without CR LF. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    // ---- one connection ----------------------------------------------------------------------

    private final class Connection {
        private final NetSocket socket;
        private Buffer pending = Buffer.buffer();
        private int step;
        private boolean greeted;
        private boolean inData;
        private Step dataStep;
        private boolean dead;
        private final StringBuilder held = new StringBuilder();
        private int early;
        private int reads;
        private int id;

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void begin() {
            id = ++connections;
            socket.handler(this::onData);
            socket.closeHandler(v -> closedConnections.incrementAndGet());
            if (greeting == null) {
                return;
            }
            if (greetingDelay.isZero()) {
                greetNow();
            } else {
                vertx.setTimer(greetingDelay.toMillis(), id -> greetNow());
            }
        }

        private void greetNow() {
            greeted = true;
            bytesBeforeGreeting.add(early);
            send(greeting);
        }

        private void onData(Buffer data) {
            if (dead) {
                return;
            }
            if (!greeted) {
                early += data.length();
            }
            reads++;
            pending.appendBuffer(data);
            process();
        }

        private void process() {
            while (!dead) {
                if (inData) {
                    if (!readBody()) {
                        return;
                    }
                    continue;
                }
                int eol = indexOf(pending, "\r\n".getBytes(StandardCharsets.US_ASCII), 0);
                if (eol < 0) {
                    return;
                }
                String line = pending.getString(0, eol, "ISO-8859-1");
                pending = pending.getBuffer(eol + 2, pending.length());
                synchronized (lines) {
                    lines.add(line);
                    lineReads.add(id * 1_000_000 + reads);
                }
                command(line);
            }
        }

        private void command(String line) {
            if (step >= steps.size()) {
                problems.add("unexpected line after the script: " + line);
                send("500 5.5.1 unexpected");
                return;
            }
            Step s = steps.get(step++);
            if (!line.startsWith(s.prefix())) {
                problems.add("expected " + s.prefix() + " but got " + line);
                send("500 5.5.1 unexpected");
                return;
            }
            switch (s.action()) {
                case REPLY -> send(s.reply());
                case HOLD -> held.append(crlf(s.reply()));
                case SILENT -> {
                }
                case DROP -> {
                    dead = true;
                    socket.close();
                }
                case STARTTLS -> {
                    send(s.reply());
                    pending = Buffer.buffer();
                    socket.upgradeToSsl().onSuccess(v -> sawTls = true);
                }
                case DATA, DATA_THEN_DROP, DATA_THEN_SILENT -> {
                    send(s.reply());
                    inData = true;
                    dataStep = s;
                    // the body starts after the DATA line: a leading "." CR LF ends an empty body
                    pending = Buffer.buffer("\r\n").appendBuffer(pending);
                }
            }
        }

        /** True when a complete body was taken from the buffer. */
        private boolean readBody() {
            byte[] end = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
            int at = indexOf(pending, end, 0);
            if (at < 0) {
                return false;
            }
            // the recorded body: what came after the DATA line, up to and including the dot line
            bodies.add(pending.getBytes(2, at + end.length));
            pending = pending.getBuffer(at + end.length, pending.length());
            inData = false;
            switch (dataStep.action()) {
                case DATA -> send(dataStep.afterData());
                case DATA_THEN_DROP -> {
                    dead = true;
                    socket.close();
                }
                default -> {
                }
            }
            return true;
        }

        private void send(String reply) {
            held.append(crlf(reply));
            socket.write(Buffer.buffer(held.toString(), "ISO-8859-1"));
            held.setLength(0);
        }

        private String crlf(String reply) {
            return reply.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        }
    }

    private static int indexOf(Buffer b, byte[] needle, int from) {
        outer:
        for (int i = from; i <= b.length() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
