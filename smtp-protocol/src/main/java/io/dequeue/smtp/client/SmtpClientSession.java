package io.dequeue.smtp.client;

import io.dequeue.smtp.client.ClientState.Closed;
import io.dequeue.smtp.client.ClientState.Idle;
import io.dequeue.smtp.client.ClientState.Opening;
import io.dequeue.smtp.client.ClientState.Peer;
import io.dequeue.smtp.client.ClientState.Sending;
import io.dequeue.smtp.reply.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One SMTP client session on a Vert.x {@link NetSocket}: greeting, EHLO (HELO fallback), STARTTLS,
 * AUTH ({@link SessionSetup}), then any number of messages ({@link #send}, one {@link Transaction}
 * each, RSET between them when one was left open), then {@link #quit}. The session is in one
 * {@link ClientState} at a time.
 *
 * <p>Two ways in:
 * <ul>
 * <li>{@link #connect}: a new outbound connection (delivery-service);</li>
 * <li>{@link #reversed}: a socket that is already open, after {@code 250 OK now reversing the
 * connection} (the edge's ATRN session). The client sends nothing until the peer's 220, keeps the
 * socket's TLS state, never sends STARTTLS, and pipelines only if its config says so (off in
 * {@link ClientConfig#reversed}).</li>
 * </ul>
 *
 * <p>Results are per recipient ({@link RecipientOutcome}): a 2xx after the final dot is delivered, a
 * 4xx transient, a 5xx permanent; a failed MAIL applies to every recipient, a failed DATA or final
 * dot to every accepted one; a timeout or a lost connection is transient for every recipient still
 * open. A session that hit a timeout, a lost connection or a protocol error is closed and
 * {@link #isUsable() unusable}.
 *
 * <p>Methods may be called from any thread; the work runs on the socket's context and the futures
 * complete there. One {@link #send} at a time.
 */
public final class SmtpClientSession {

    /** Whether the session opened the connection or took over one reversed by ATRN. */
    public enum Mode { OUTBOUND, REVERSED }

    private final Context context;
    private final ClientConfig config;
    private final Mode mode;
    private final String peerName;
    private final Wire wire;
    private volatile ClientState state = new Opening();
    private volatile int messages;

    private SmtpClientSession(Vertx vertx, Context context, NetSocket socket, ClientConfig config, Mode mode,
                              String peerName) {
        this.context = Objects.requireNonNull(context, "context");
        this.config = Objects.requireNonNull(config, "config");
        this.mode = mode;
        this.peerName = peerName;
        this.wire = new Wire(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(socket, "socket"),
                config.maxReplyLine());
    }

    // ---- ways in ---------------------------------------------------------------------------

    /**
     * Connects to {@code host:port} with the transport's client for {@link ClientConfig#tls()} and
     * sets the session up (greeting, EHLO, STARTTLS per the TLS mode, AUTH when configured).
     *
     * @param peerName the peer's host name: STARTTLS SNI, the name a {@link TlsMode#REQUIRED}
     *                 certificate must be valid for, and reports (null: the address {@code host},
     *                 then the certificate must hold that IP address)
     * @return the ready session; a failure is an {@link SmtpClientException} (nothing was sent)
     */
    public static Future<SmtpClientSession> connect(Vertx vertx, ClientTransport transport, String host, int port,
                                                    String peerName, ClientConfig config) {
        String name = peerName == null ? host : peerName;
        NetClient client = transport.clientFor(config.tls());
        Promise<SmtpClientSession> result = Promise.promise();
        // Connect from an event-loop context: the socket belongs to it, and gets its handler in the
        // same event-loop turn as its creation (input that arrives before a handler is set is lost).
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                result.fail(new SmtpClientException(LocalReplies.connectFailed(name + " [" + host + "]:" + port)));
                return;
            }
            SmtpClientSession s = new SmtpClientSession(vertx, ctx, ar.result(), config, Mode.OUTBOUND, name);
            s.start().onComplete(result);
        }));
        return result.future();
    }

    /**
     * Takes over a socket that is already open and whose peer is about to greet: after the edge
     * answered {@code 250} to ATRN. Call it on the socket's context (from one of its handlers, or a
     * task run there): the session runs on the context it is called on. The socket must have no
     * other handlers (pause it first); bytes already received are not lost. Nothing is sent before
     * the peer's 220; STARTTLS is never sent; with {@link TlsMode#requiresTls()} the socket must
     * already be in TLS.
     *
     * @return the ready session; a failure is an {@link SmtpClientException}, or an
     *         {@link IllegalStateException} when called off a Vert.x context
     */
    public static Future<SmtpClientSession> reversed(Vertx vertx, NetSocket socket, ClientConfig config) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            return Future.failedFuture(new IllegalStateException("reversed() must be called on the socket's context"));
        }
        SocketAddress remote = socket.remoteAddress();
        SmtpClientSession s = new SmtpClientSession(vertx, ctx, socket, config, Mode.REVERSED,
                remote == null ? "peer" : remote.hostAddress());
        return s.start();
    }

    // ---- state -----------------------------------------------------------------------------

    /** What the peer announced (after TLS: the second EHLO); none before the setup completed. */
    public Capabilities capabilities() {
        Peer p = state.peer();
        return p == null ? Capabilities.NONE : p.capabilities();
    }

    /** The peer's 220 (null before the setup completed). */
    public Reply greeting() {
        Peer p = state.peer();
        return p == null ? null : p.greeting();
    }

    public Mode mode() {
        return mode;
    }

    /** The peer's host name (or address) for reports. */
    public String peerName() {
        return peerName;
    }

    public SocketAddress remoteAddress() {
        return wire.socket().remoteAddress();
    }

    public boolean isTls() {
        return wire.isTls();
    }

    /** Messages sent on this session (whatever their outcome). */
    public int messagesSent() {
        return messages;
    }

    /** True while another message may be sent. */
    public boolean isUsable() {
        ClientState s = state;
        return (s instanceof Idle || s instanceof Sending) && !wire.isBroken();
    }

    // ---- messages --------------------------------------------------------------------------

    /**
     * Sends one message (RSET first when the previous transaction was left open). The future
     * succeeds with one result per recipient, whatever happened once the message started; it fails
     * with an {@link SmtpClientException} only when nothing of this message reached the peer (the
     * session is unusable: send it on another connection), or with an {@link IllegalStateException}
     * when a send is already in progress.
     */
    public Future<MessageResult> send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        return onContextFuture(() -> {
            ClientState s = state;
            if (s instanceof Sending) {
                return Future.failedFuture(new IllegalStateException("a message is already being sent"));
            }
            if (!(s instanceof Idle idle) || wire.isBroken()) {
                return Future.failedFuture(wire.unusable());
            }
            state = new Sending(idle.peer());
            Future<Void> reset = idle.needsReset() ? reset() : Future.succeededFuture();
            return reset.compose(v -> {
                messages++;
                return new Transaction(wire, config, idle.peer().capabilities(), message).run();
            }).transform(ar -> {
                if (ar.failed()) {
                    closeAs(idle.peer());
                    return Future.failedFuture(ar.cause());
                }
                Transaction.Outcome o = ar.result();
                if (o.broken()) {
                    closeAs(idle.peer());
                } else if (state instanceof Sending) {
                    state = new Idle(idle.peer(), !o.ended());
                }
                return Future.succeededFuture(o.result());
            });
        });
    }

    /**
     * QUIT, wait for the 221 (command timeout), close. Fails with an {@link SmtpClientException}
     * when the peer did not answer 221; the socket is closed in every case.
     */
    public Future<Void> quit() {
        return onContextFuture(() -> {
            ClientState s = state;
            if (s instanceof Closed || wire.isBroken()) {
                closeAs(s.peer());
                return Future.succeededFuture();
            }
            if (s instanceof Sending) {
                return Future.failedFuture(new IllegalStateException("a message is being sent"));
            }
            state = new Closed(s.peer());
            wire.command("QUIT");
            return wire.expect("QUIT", config.timeouts().command()).transform(ar -> {
                wire.close();
                if (ar.succeeded() && ar.result().code() == 221) {
                    return Future.succeededFuture();
                }
                return Future.failedFuture(ar.succeeded() ? new SmtpClientException(ar.result()) : ar.cause());
            });
        });
    }

    /** Closes the connection at once, without QUIT. */
    public void close() {
        onContext(() -> closeAs(state.peer()));
    }

    // ---- steps -----------------------------------------------------------------------------

    private Future<SmtpClientSession> start() {
        return onContextFuture(() -> new SessionSetup(wire, config, mode, peerName).run()
                .<SmtpClientSession>map(peer -> {
                    if (state instanceof Opening) {
                        state = new Idle(peer, false);
                    }
                    return this;
                })
                .recover(e -> {
                    closeAs(null);
                    return Future.failedFuture(Wire.asClientException(e));
                }));
    }

    /** RSET before a message when the previous transaction was left open; fails when the session is unusable. */
    private Future<Void> reset() {
        ReplyChannel channel = wire.channel();
        if (channel.hasUnclaimed()) {
            // the peer said something on its own (typically 421 before closing): do not reuse
            channel.fail(LocalReplies.CONNECTION_LOST);
            return Future.failedFuture(wire.unusable());
        }
        wire.command("RSET");
        return wire.expect("RSET", config.timeouts().command()).transform(ar -> {
            if (ar.succeeded() && ar.result().code() == 250) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(ar.succeeded() ? new SmtpClientException(ar.result())
                    : Wire.asClientException(ar.cause()));
        });
    }

    private void closeAs(Peer peer) {
        state = new Closed(peer);
        wire.close();
    }

    // ---- context ---------------------------------------------------------------------------

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private <T> Future<T> onContextFuture(Supplier<Future<T>> task) {
        Promise<T> p = Promise.promise();
        onContext(() -> {
            try {
                task.get().onComplete(p);
            } catch (RuntimeException e) {
                p.tryFail(e);
            }
        });
        return p.future();
    }
}
