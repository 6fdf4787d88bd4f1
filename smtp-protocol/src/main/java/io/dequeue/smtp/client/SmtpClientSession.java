package io.dequeue.smtp.client;

import io.dequeue.smtp.address.Paths;
import io.dequeue.smtp.client.tls.PeerNotVerifiedException;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.EnvId;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.sasl.Credentials;
import io.dequeue.smtp.sasl.Login;
import io.dequeue.smtp.sasl.Plain;
import io.dequeue.smtp.sasl.SaslBase64;
import io.dequeue.smtp.wire.DotStuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One SMTP client session on a Vert.x {@link NetSocket}: greeting, EHLO (HELO fallback), STARTTLS,
 * AUTH, then any number of messages ({@link #send}, RSET between them), then {@link #quit}.
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

    private static final Buffer END_OF_EMPTY_DATA = Buffer.buffer(".\r\n");

    private final Vertx vertx;
    private final NetSocket socket;
    private final Context context;
    private final ClientConfig config;
    private final Mode mode;
    private final String peerName;
    private final ReplyChannel channel;
    private Capabilities capabilities = Capabilities.NONE;
    private Reply greeting;
    private volatile boolean ready;
    private boolean busy;
    private boolean needsReset;
    private volatile boolean closed;
    private volatile int messages;

    private SmtpClientSession(Vertx vertx, NetSocket socket, ClientConfig config, Mode mode, String peerName) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.config = Objects.requireNonNull(config, "config");
        this.mode = mode;
        this.peerName = peerName;
        this.context = socketContext(vertx, socket);
        this.channel = new ReplyChannel(vertx, socket, config.maxReplyLine());
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
        // Connect from an event-loop context, so that the socket gets its handler in the same
        // event-loop turn as its creation: input that arrives before a handler is set is lost.
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                result.fail(new SmtpClientException(LocalReplies.connectFailed(name + " [" + host + "]:" + port)));
                return;
            }
            SmtpClientSession s = new SmtpClientSession(vertx, ar.result(), config, Mode.OUTBOUND, name);
            s.onContextFuture(s::start).onComplete(result);
        }));
        return result.future();
    }

    /**
     * Takes over a socket that is already open and whose peer is about to greet: after the edge
     * answered {@code 250} to ATRN. The socket must have no other handlers (pause it first);
     * bytes already received are not lost. Nothing is sent before the peer's 220; STARTTLS is never
     * sent; with {@link TlsMode#REQUIRED} the socket must already be in TLS.
     *
     * @return the ready session; a failure is an {@link SmtpClientException}
     */
    public static Future<SmtpClientSession> reversed(Vertx vertx, NetSocket socket, ClientConfig config) {
        SocketAddress remote = socket.remoteAddress();
        SmtpClientSession s = new SmtpClientSession(vertx, socket, config, Mode.REVERSED,
                remote == null ? "peer" : remote.hostAddress());
        return s.onContextFuture(s::start);
    }

    // ---- state -----------------------------------------------------------------------------

    /** What the peer announced (after TLS: the second EHLO). */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** The peer's 220. */
    public Reply greeting() {
        return greeting;
    }

    public Mode mode() {
        return mode;
    }

    /** The peer's host name (or address) for reports. */
    public String peerName() {
        return peerName;
    }

    public SocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    public boolean isTls() {
        return socket.isSsl();
    }

    /** Messages sent on this session (whatever their outcome). */
    public int messagesSent() {
        return messages;
    }

    /** True while another message may be sent. */
    public boolean isUsable() {
        return ready && !closed && !channel.isBroken();
    }

    // ---- messages --------------------------------------------------------------------------

    /**
     * Sends one message (RSET first when the previous transaction was left open). The future succeeds with one result
     * per recipient, whatever happened once the message started; it fails with an
     * {@link SmtpClientException} only when nothing of this message reached the peer (the session
     * is unusable: send it on another connection), or with an {@link IllegalStateException} when a
     * send is already in progress.
     */
    public Future<MessageResult> send(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        return onContextFuture(() -> {
            if (busy) {
                return Future.failedFuture(new IllegalStateException("a message is already being sent"));
            }
            if (!isUsable()) {
                return Future.failedFuture(unusable());
            }
            busy = true;
            Transaction t = new Transaction(message);
            Future<Void> reset = needsReset ? reset() : Future.succeededFuture();
            return reset.compose(v -> {
                messages++;
                return t.run();
            }).onComplete(ar -> {
                busy = false;
                // RFC 5321 4.1.1.4: the reply to the end of data ends the transaction, whatever it
                // says; only a transaction left open (refused MAIL, no recipient, refused DATA) needs RSET.
                needsReset = ar.failed() || !t.ended;
            });
        });
    }

    /**
     * QUIT, wait for the 221 (command timeout), close. Fails with an {@link SmtpClientException}
     * when the peer did not answer 221; the socket is closed in every case.
     */
    public Future<Void> quit() {
        return onContextFuture(() -> {
            if (closed || channel.isBroken()) {
                closed = true;
                socket.close();
                return Future.succeededFuture();
            }
            if (busy) {
                return Future.failedFuture(new IllegalStateException("a message is being sent"));
            }
            closed = true;
            channel.write(command("QUIT"));
            return channel.expect("QUIT", config.timeouts().command()).transform(ar -> {
                socket.close();
                if (ar.succeeded() && ar.result().code() == 221) {
                    return Future.succeededFuture();
                }
                return Future.failedFuture(ar.succeeded() ? new SmtpClientException(ar.result()) : ar.cause());
            });
        });
    }

    /** Closes the connection at once, without QUIT. */
    public void close() {
        onContext(() -> {
            closed = true;
            socket.close();
        });
    }

    // ---- setup -----------------------------------------------------------------------------

    private Future<SmtpClientSession> start() {
        channel.attach();
        return channel.expect("greeting", config.timeouts().greeting())
                .compose(g -> {
                    greeting = g;
                    if (g.code() != 220) {
                        return quitAndFail(LocalReplies.greetingRefused(g));
                    }
                    if (mode == Mode.REVERSED && config.tls().requiresTls() && !socket.isSsl()) {
                        return quitAndFail(LocalReplies.TLS_NOT_ACTIVE);
                    }
                    return hello();
                })
                .compose(v -> tls())
                .compose(v -> auth())
                .<SmtpClientSession>map(v -> {
                    ready = true;
                    return this;
                })
                .recover(e -> {
                    closed = true;
                    socket.close();
                    return Future.failedFuture(asClientException(e));
                });
    }

    /** EHLO, or HELO when EHLO gets a 5xx. */
    private Future<Void> hello() {
        channel.write(command("EHLO " + config.heloName()));
        return channel.expect("EHLO", config.timeouts().command()).compose(r -> {
            if (r.code() == 250) {
                capabilities = Capabilities.parse(r);
                return Future.succeededFuture();
            }
            if (!r.isPermanentFailure()) {
                return quitAndFail(LocalReplies.heloRefused(r));
            }
            channel.write(command("HELO " + config.heloName()));
            return channel.expect("HELO", config.timeouts().command()).compose(h -> {
                if (h.code() != 250) {
                    return quitAndFail(LocalReplies.heloRefused(h));
                }
                capabilities = Capabilities.NONE;
                return Future.succeededFuture();
            });
        });
    }

    private Future<Void> tls() {
        if (mode == Mode.REVERSED) {
            return Future.succeededFuture();
        }
        if (socket.isSsl() || config.tls() == TlsMode.OFF) {
            return Future.succeededFuture();
        }
        if (!capabilities.startTls()) {
            return config.tls().requiresTls() ? quitAndFail(LocalReplies.TLS_NOT_OFFERED)
                    : Future.succeededFuture();
        }
        channel.write(command("STARTTLS"));
        return channel.expect("STARTTLS", config.timeouts().command()).compose(r -> {
            if (r.code() != 220) {
                return config.tls().requiresTls() ? quitAndFail(LocalReplies.tlsRefused(r))
                        : Future.succeededFuture();
            }
            channel.discardBuffered();
            return handshake().compose(v -> hello());
        });
    }

    private Future<Void> handshake() {
        Promise<Void> p = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, config.timeouts().command().toMillis()), id -> {
            channel.fail(LocalReplies.timeout("the TLS handshake"));
            p.tryFail(channel.failure());
        });
        String sni = sniName(peerName);
        Future<Void> up = sni != null ? socket.upgradeToSsl(sni) : socket.upgradeToSsl();
        up.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete();
            } else {
                PeerNotVerifiedException refused = certificateRefusal(ar.cause());
                channel.fail(refused != null ? LocalReplies.peerNotVerified(refused.getMessage())
                        : LocalReplies.TLS_HANDSHAKE_FAILED);
                p.tryFail(channel.failure());
            }
        });
        return p.future();
    }

    private Future<Void> auth() {
        Credentials login = config.credentials();
        if (login == null) {
            return Future.succeededFuture();
        }
        Set<String> offered = capabilities.authMechanisms();
        boolean clearTextOk = socket.isSsl() || config.allowPlaintextAuth();
        if (offered.contains(CramMd5.NAME)) {
            return authCramMd5(login);
        }
        if (clearTextOk && offered.contains(Plain.NAME)) {
            return authPlain(login);
        }
        if (clearTextOk && offered.contains(Login.NAME)) {
            return authLogin(login);
        }
        return quitAndFail(LocalReplies.AUTH_NOT_POSSIBLE);
    }

    private Future<Void> authCramMd5(Credentials login) {
        Duration t = config.timeouts().command();
        channel.write(command("AUTH " + CramMd5.NAME));
        return channel.expect("AUTH", t).compose(r -> {
            if (r.code() != 334) {
                return quitAndFail(LocalReplies.authFailed(r));
            }
            byte[] challenge;
            try {
                challenge = SaslBase64.decodeResponse(r.lines().get(0).strip());
            } catch (ReplyException e) {
                return quitAndFail(LocalReplies.authFailed(r));
            }
            byte[] password = login.password();
            String response = CramMd5.clientResponse(login.username(), password, challenge);
            Arrays.fill(password, (byte) 0);
            channel.write(command(response));
            return channel.expect("AUTH", t).compose(this::authDone);
        });
    }

    private Future<Void> authPlain(Credentials login) {
        Duration t = config.timeouts().command();
        byte[] password = login.password();
        String initial = Plain.initialResponse(login.authorizationId(), login.username(), password);
        Arrays.fill(password, (byte) 0);
        channel.write(command("AUTH " + Plain.NAME + " " + initial));
        return channel.expect("AUTH", t).compose(r -> {
            if (r.code() == 334) {
                channel.write(command(initial));
                return channel.expect("AUTH", t).compose(this::authDone);
            }
            return authDone(r);
        });
    }

    private Future<Void> authLogin(Credentials login) {
        Duration t = config.timeouts().command();
        channel.write(command("AUTH " + Login.NAME));
        return channel.expect("AUTH", t).compose(r1 -> {
            if (r1.code() != 334) {
                return quitAndFail(LocalReplies.authFailed(r1));
            }
            channel.write(command(Login.usernameResponse(login.username())));
            return channel.expect("AUTH", t);
        }).compose(r2 -> {
            if (r2.code() != 334) {
                return quitAndFail(LocalReplies.authFailed(r2));
            }
            byte[] password = login.password();
            String response = Login.passwordResponse(password);
            Arrays.fill(password, (byte) 0);
            channel.write(command(response));
            return channel.expect("AUTH", t).compose(this::authDone);
        });
    }

    private Future<Void> authDone(Reply r) {
        return r.code() == 235 ? Future.succeededFuture() : quitAndFail(LocalReplies.authFailed(r));
    }

    /** Sends QUIT without waiting, closes, and fails with {@code reason}. */
    private <T> Future<T> quitAndFail(Reply reason) {
        if (!channel.isBroken()) {
            channel.write(command("QUIT"));
        }
        closed = true;
        socket.close();
        return Future.failedFuture(new SmtpClientException(reason));
    }

    // ---- between messages ------------------------------------------------------------------

    private Future<Void> reset() {
        if (channel.hasUnclaimed()) {
            // the peer said something on its own (typically 421 before closing): do not reuse
            channel.fail(LocalReplies.CONNECTION_LOST);
            return Future.failedFuture(unusable());
        }
        channel.write(command("RSET"));
        return channel.expect("RSET", config.timeouts().command()).transform(ar -> {
            if (ar.succeeded() && ar.result().code() == 250) {
                return Future.succeededFuture();
            }
            SmtpClientException e = ar.succeeded() ? new SmtpClientException(ar.result()) : asClientException(ar.cause());
            closed = true;
            socket.close();
            return Future.failedFuture(e);
        });
    }

    private SmtpClientException unusable() {
        SmtpClientException f = channel.failure();
        return f != null ? f : new SmtpClientException(LocalReplies.SESSION_CLOSED);
    }

    // ---- one message -----------------------------------------------------------------------

    /** One MAIL transaction; never fails: whatever happens ends as per-recipient outcomes. */
    private final class Transaction {
        private final OutboundMessage message;
        private final List<OutboundRecipient> recipients;
        private final RecipientOutcome[] outcomes;
        private final boolean[] accepted;
        private final List<Integer> sent = new ArrayList<>();
        private Reply mailRefused;
        private boolean protocolError;
        /** Nothing of the transaction is open on the server: it was never started or its data was answered. */
        private boolean ended;
        private long bytes;

        Transaction(OutboundMessage message) {
            this.message = message;
            this.recipients = message.recipients();
            this.outcomes = new RecipientOutcome[recipients.size()];
            this.accepted = new boolean[recipients.size()];
        }

        Future<MessageResult> run() {
            String senderError = pathError(message.reversePath(), true);
            if (senderError != null) {
                fillOpen(new RecipientOutcome.Permanent(LocalReplies.badSender(senderError)));
                ended = true;
                return Future.succeededFuture(result());
            }
            for (int i = 0; i < recipients.size(); i++) {
                String error = pathError(recipients.get(i).address(), false);
                if (error != null) {
                    outcomes[i] = new RecipientOutcome.Permanent(LocalReplies.badRecipient(error));
                } else {
                    sent.add(i);
                }
            }
            if (sent.isEmpty()) {
                ended = true;
                return Future.succeededFuture(result());
            }
            long limit = capabilities.maxSize();
            if (limit > 0 && message.content().length > limit) {
                fillOpen(new RecipientOutcome.Permanent(LocalReplies.tooBig(message.content().length, limit)));
                ended = true;
                return Future.succeededFuture(result());
            }
            Future<Void> f = config.pipelining() && capabilities.pipelining() ? pipelined() : stepwise();
            return f.transform(ar -> {
                if (ar.failed()) {
                    fillOpen(new RecipientOutcome.Transient(asClientException(ar.cause()).reply()));
                }
                if (protocolError || channel.isBroken()) {
                    closed = true;
                    socket.close();
                }
                return Future.succeededFuture(result());
            });
        }

        /** MAIL, every RCPT and DATA in one write; replies read in order (RFC 2920). */
        private Future<Void> pipelined() {
            Buffer batch = Buffer.buffer();
            batch.appendBuffer(mailCommand());
            for (int i : sent) {
                batch.appendBuffer(rcptCommand(recipients.get(i)));
            }
            batch.appendBuffer(command("DATA"));
            channel.write(batch);
            channel.expect("MAIL", config.timeouts().mail()).onSuccess(this::onMail);
            for (int i : sent) {
                channel.expect("RCPT", config.timeouts().rcpt()).onSuccess(r -> onRcpt(i, r));
            }
            return channel.expect("DATA", config.timeouts().dataStart()).compose(data -> {
                if (mailRefused != null || noneAccepted()) {
                    // RFC 2920 3.1: a 354 despite no valid recipient still needs the end of data
                    return data.code() == 354 ? endEmptyData() : Future.succeededFuture();
                }
                return afterData(data);
            });
        }

        private Future<Void> stepwise() {
            channel.write(mailCommand());
            return channel.expect("MAIL", config.timeouts().mail()).compose(r -> {
                onMail(r);
                if (mailRefused != null) {
                    return Future.succeededFuture();
                }
                Future<Void> chain = Future.succeededFuture();
                for (int i : sent) {
                    chain = chain.compose(v -> {
                        channel.write(rcptCommand(recipients.get(i)));
                        return channel.expect("RCPT", config.timeouts().rcpt()).map(rr -> {
                            onRcpt(i, rr);
                            return null;
                        });
                    });
                }
                return chain.compose(v -> {
                    if (noneAccepted()) {
                        return Future.succeededFuture();
                    }
                    channel.write(command("DATA"));
                    return channel.expect("DATA", config.timeouts().dataStart()).compose(this::afterData);
                });
            });
        }

        private void onMail(Reply r) {
            if (r.isPositiveCompletion()) {
                return;
            }
            if (r.isIntermediate()) {
                protocolError = true;
                mailRefused = LocalReplies.unexpected("MAIL", r);
            } else {
                mailRefused = r;
            }
            fillOpen(RecipientOutcome.failure(mailRefused));
        }

        private void onRcpt(int i, Reply r) {
            if (mailRefused != null) {
                return;
            }
            if (r.isPositiveCompletion()) {
                accepted[i] = true;
            } else if (r.isIntermediate()) {
                protocolError = true;
                outcomes[i] = new RecipientOutcome.Transient(LocalReplies.unexpected("RCPT", r));
            } else {
                outcomes[i] = RecipientOutcome.failure(r);
            }
        }

        private Future<Void> afterData(Reply data) {
            if (data.code() == 354) {
                return content();
            }
            if (!data.isTransientFailure() && !data.isPermanentFailure()) {
                protocolError = true;
                fillAccepted(new RecipientOutcome.Transient(LocalReplies.unexpected("DATA", data)));
            } else {
                fillAccepted(RecipientOutcome.failure(data));
            }
            return Future.succeededFuture();
        }

        /** The message, dot-stuffed, in blocks; then the final dot and its reply. */
        private Future<Void> content() {
            DotStuffer stuffer = new DotStuffer();
            Promise<Void> written = Promise.promise();
            pump(stuffer, 0, written);
            return written.future()
                    .compose(v -> {
                        byte[] end = stuffer.finish();
                        bytes += end.length;
                        return channel.writeTimed(Buffer.buffer(end), config.timeouts().dataBlock());
                    })
                    .compose(v -> channel.expect("the end of data", config.timeouts().dataEnd()))
                    .map(r -> {
                        ended = true;
                        fillAccepted(RecipientOutcome.finalReply(r));
                        return null;
                    });
        }

        /** Writes blocks from {@code offset}, each within the data block timeout, one at a time. */
        private void pump(DotStuffer stuffer, int offset, Promise<Void> done) {
            byte[] content = message.content();
            int off = offset;
            while (off < content.length) {
                int n = Math.min(config.dataChunkSize(), content.length - off);
                byte[] block = stuffer.stuff(content, off, n);
                off += n;
                bytes += block.length;
                Future<Void> w = channel.writeTimed(Buffer.buffer(block), config.timeouts().dataBlock());
                if (!w.isComplete()) {
                    int next = off;
                    w.onComplete(ar -> {
                        if (ar.succeeded()) {
                            pump(stuffer, next, done);
                        } else {
                            done.tryFail(ar.cause());
                        }
                    });
                    return;
                }
                if (w.failed()) {
                    done.tryFail(w.cause());
                    return;
                }
            }
            done.tryComplete();
        }

        private Future<Void> endEmptyData() {
            channel.write(END_OF_EMPTY_DATA.copy());
            return channel.expect("the end of data", config.timeouts().dataEnd()).map(r -> {
                ended = true;
                return null;
            });
        }

        private Buffer mailCommand() {
            StringBuilder sb = new StringBuilder("MAIL FROM:<").append(message.reversePath()).append('>');
            if (capabilities.size()) {
                sb.append(" SIZE=").append(message.content().length);
            }
            if (message.body() == BodyType.EIGHT_BIT_MIME && capabilities.eightBitMime()) {
                sb.append(" BODY=").append(BodyType.EIGHT_BIT_MIME.keyword());
            }
            if (capabilities.dsn()) {
                if (message.ret() != null) {
                    sb.append(" RET=").append(message.ret().name());
                }
                if (message.envid() != null && !message.envid().isEmpty()) {
                    String xtext = EnvId.format(message.envid());
                    if (xtext.length() <= EnvId.MAX_LENGTH) {
                        sb.append(" ENVID=").append(xtext);
                    }
                }
            }
            return command(sb.toString());
        }

        private Buffer rcptCommand(OutboundRecipient r) {
            StringBuilder sb = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
            if (capabilities.dsn()) {
                if (!r.notifyOn().isEmpty()) {
                    sb.append(" NOTIFY=").append(Notify.format(r.notifyOn()));
                }
                if (r.orcpt() != null) {
                    sb.append(" ORCPT=").append(r.orcpt().format());
                }
            }
            return command(sb.toString());
        }

        private boolean noneAccepted() {
            for (boolean a : accepted) {
                if (a) {
                    return false;
                }
            }
            return true;
        }

        private void fillOpen(RecipientOutcome o) {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = o;
                }
            }
        }

        private void fillAccepted(RecipientOutcome o) {
            for (int i = 0; i < outcomes.length; i++) {
                if (accepted[i] && outcomes[i] == null) {
                    outcomes[i] = o;
                }
            }
        }

        private MessageResult result() {
            List<RecipientResult> out = new ArrayList<>(recipients.size());
            for (int i = 0; i < recipients.size(); i++) {
                RecipientOutcome o = outcomes[i] != null ? outcomes[i]
                        : new RecipientOutcome.Transient(LocalReplies.CONNECTION_LOST);
                out.add(new RecipientResult(recipients.get(i), o));
            }
            return new MessageResult(out, bytes);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Null when {@code address} is a valid path for MAIL (sender) or RCPT, else why not. */
    private static String pathError(String address, boolean sender) {
        try {
            if (sender) {
                Paths.parseReversePath("<" + address + ">");
            } else {
                Paths.parseForwardPath("<" + address + ">");
            }
            return null;
        } catch (ReplyException e) {
            return e.reply().text();
        }
    }

    /** A command line: printable US-ASCII only, then CR LF. */
    private static Buffer command(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("command line with a control or non-ASCII character");
            }
        }
        return Buffer.buffer((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static SmtpClientException asClientException(Throwable e) {
        if (e instanceof SmtpClientException s) {
            return s;
        }
        return new SmtpClientException(LocalReplies.localError(String.valueOf(e.getMessage())));
    }

    private static boolean isIpAddress(String s) {
        return s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** The SNI name for {@code peerName} (no trailing dot), or null for an address or no name. */
    private static String sniName(String peerName) {
        if (peerName == null || peerName.isEmpty() || isIpAddress(peerName)) {
            return null;
        }
        String n = peerName.endsWith(".") ? peerName.substring(0, peerName.length() - 1) : peerName;
        return n.isEmpty() ? null : n;
    }

    /** Our trust manager's refusal somewhere in a failed handshake's causes, or null. */
    private static PeerNotVerifiedException certificateRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerNotVerifiedException p) {
                return p;
            }
        }
        return null;
    }

    private static Context socketContext(Vertx vertx, NetSocket socket) {
        if (socket instanceof ConnectionBase connection) {
            return connection.getContext();
        }
        Context current = Vertx.currentContext();
        return current != null ? current : vertx.getOrCreateContext();
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private <T> Future<T> onContextFuture(java.util.function.Supplier<Future<T>> task) {
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
