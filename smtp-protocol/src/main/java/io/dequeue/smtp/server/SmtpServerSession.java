package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.command.CommandParser;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.sasl.CramMd5;
import io.dequeue.smtp.sasl.SaslBase64;
import io.dequeue.smtp.sasl.SaslServerMechanism;
import io.dequeue.smtp.sasl.SaslStep;
import io.dequeue.smtp.wire.DataReader;
import io.dequeue.smtp.wire.LineFramer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One server-side SMTP or ODMR session over a {@link SessionTransport}.
 *
 * <p>Input is framed on raw bytes ({@link LineFramer}, {@link DataReader}); each line is parsed
 * into a {@link Command} and dispatched by an exhaustive switch on its kind. Commands are handled
 * one at a time: while a {@link SessionPolicy} future is pending the transport is paused and the
 * rest of the pipelined input waits, so replies go out strictly in order. Replies produced while
 * working through pipelined input are written together, and always before waiting for input.
 *
 * <p>All methods run on the transport's context; the class is not thread-safe.
 */
public final class SmtpServerSession implements SessionInfo {

    private static final AtomicLong IDS = new AtomicLong();
    /** Replies gathered while working through pipelined input are written once they reach this size. */
    static final int FLUSH_AT = 8 * 1024;
    /** How long a closing session waits for its last replies to be taken before it drops the connection. */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    private final SessionTransport transport;
    private final ServerConfig config;
    private final SessionPolicy policy;
    private final CommandParser parser;
    private final LineFramer framer;
    private final String id;
    private final Map<String, Object> attributes = new HashMap<>();

    private State state = State.CONNECTED;
    private boolean started;
    private boolean busy;
    private boolean paused;
    /** A policy answer is pending and input waits for it. */
    private boolean waitingForPolicy;
    /** The peer does not take our replies: reading stops until the write queue drains. */
    private boolean writeBlocked;
    /** ATRN asked for its grant: reading goes on, and any byte now refuses the turn. */
    private boolean awaitingGrant;
    private boolean driving;
    private boolean closed;
    private boolean closedNotified;
    private boolean earlyTalker;
    private Buffer out = Buffer.buffer();

    private String heloDomain;
    private boolean extended;
    private String identity;
    private Command.Mail mail;
    private final List<Command.Rcpt> recipients = new ArrayList<>();
    private int rcptAttempts;
    private DataReader dataReader;
    private MessageSink sink;
    private boolean sinkFailed;
    private SaslServerMechanism sasl;
    private int errors;
    private int junk;
    private int authFailures;
    private int etrnCount;
    private long idleTimer = -1;
    private long sessionTimer = -1;
    /** The command the replies being sent answer, for {@link SessionPolicy#replied}. */
    private String verb = "CONNECT";

    public SmtpServerSession(SessionTransport transport, ServerConfig config, SessionPolicy policy) {
        this.transport = transport;
        this.config = config;
        this.policy = policy;
        this.parser = new CommandParser(new CommandParser.Options(config.dsnEnabled(), false, config.hostname()));
        this.framer = new LineFramer(config.maxCommandLine());
        this.id = Long.toString(System.currentTimeMillis(), 36) + "-" + IDS.incrementAndGet();
    }

    /** Takes over the transport's input and starts the session (greeting after the configured delay). */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        transport.setHandlers(this::onData, v -> onTransportClosed());
        sessionTimer = transport.setTimer(config.sessionTimeout().toMillis(), this::onSessionTimeout);
        touch();
        long delay = config.greetingDelay().toMillis();
        if (delay > 0) {
            transport.setTimer(delay, this::greet);
        } else {
            greet();
        }
    }

    // ---- SessionInfo ---------------------------------------------------------------------

    @Override
    public String id() {
        return id;
    }

    @Override
    public ServerConfig config() {
        return config;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public boolean isTls() {
        return transport.isTls();
    }

    @Override
    public String heloDomain() {
        return heloDomain;
    }

    @Override
    public boolean isExtended() {
        return extended;
    }

    @Override
    public String authenticatedIdentity() {
        return identity;
    }

    @Override
    public Envelope envelope() {
        return mail == null ? null : new Envelope(mail, recipients);
    }

    @Override
    public int etrnCount() {
        return etrnCount;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    // ---- input -----------------------------------------------------------------------------

    private void onData(Buffer chunk) {
        if (closed || state == State.REVERSED) {
            return;
        }
        touch();
        if (awaitingGrant) {
            talkedPastAtrn();
            return;
        }
        if (state == State.CONNECTED) {
            earlyTalker = true;
            return;
        }
        if (state == State.TLS_HANDSHAKE) {
            return;
        }
        if (state == State.DATA && dataReader != null && !busy && framer.buffered() == 0) {
            feedData(chunk.getBytes());
        } else {
            framer.feed(chunk);
        }
        drive();
    }

    /** Processes buffered input until it runs out or a policy answer is pending. */
    private void drive() {
        if (driving) {
            return;
        }
        driving = true;
        try {
            while (!busy && !writeBlocked && !closed && state != State.REVERSED && state != State.TLS_HANDSHAKE
                    && state != State.CONNECTED) {
                if (out.length() >= FLUSH_AT) {
                    flush();
                    continue;
                }
                if (state == State.DATA && dataReader != null) {
                    if (framer.buffered() == 0) {
                        break;
                    }
                    feedData(framer.drain());
                    continue;
                }
                LineFramer.Frame frame = framer.next();
                if (frame == null) {
                    break;
                }
                if (frame instanceof LineFramer.Line line) {
                    onLine(line.bytes());
                } else {
                    onLineTooLong();
                }
            }
        } finally {
            driving = false;
        }
        flush();
    }

    private void onLine(byte[] line) {
        if (state == State.AUTH_CHALLENGE) {
            verb = "AUTH";
            onAuthResponse(line);
            return;
        }
        Command command;
        try {
            command = parser.parse(line);
        } catch (ReplyException e) {
            verb = verbOf(line);
            Reply first = "ETRN".equals(verb) ? etrnRefusal() : null;
            error(first != null ? first : e.reply());
            return;
        }
        verb = command.kind().name();
        dispatch(command);
    }

    /** The known verb a line that did not parse starts with, or UNKNOWN (bounded set, for metrics). */
    static String verbOf(byte[] line) {
        int n = 0;
        while (n < line.length && n < 8 && ((line[n] | 0x20) >= 'a' && (line[n] | 0x20) <= 'z')) {
            n++;
        }
        if (n == 0 || (n < line.length && line[n] != ' ')) {
            return "UNKNOWN";
        }
        String word = new String(line, 0, n, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
        for (Command.Kind k : Command.Kind.values()) {
            if (k != Command.Kind.UNKNOWN && k.name().equals(word)) {
                return word;
            }
        }
        return "UNKNOWN";
    }

    private void dispatch(Command c) {
        Runnable handler = switch (c.kind()) {
            case EHLO -> () -> onHelo(((Command.Ehlo) c).domain(), true);
            case HELO -> () -> onHelo(((Command.Helo) c).domain(), false);
            case MAIL -> () -> onMail((Command.Mail) c);
            case RCPT -> () -> onRcpt((Command.Rcpt) c);
            case DATA -> this::onDataCommand;
            case RSET -> this::onRset;
            case NOOP -> () -> junk(Replies.NOOP);
            case QUIT -> this::onQuit;
            case VRFY -> () -> odmrRefusesOr(() -> junk(Replies.VRFY_CANNOT_VERIFY));
            case EXPN -> () -> error(Replies.EXPN_DISABLED);
            case HELP -> () -> junk(Replies.HELP);
            case STARTTLS -> () -> onStartTls((Command.StartTls) c);
            case AUTH -> () -> onAuth((Command.Auth) c);
            case ETRN -> () -> onEtrn((Command.Etrn) c);
            case ATRN -> () -> onAtrn((Command.Atrn) c);
            case TURN -> () -> error(Replies.TURN_DISABLED);
            case BDAT -> () -> error(Replies.BDAT_NOT_SUPPORTED);
            case UNKNOWN -> () -> await(call(() -> policy.unknown(this, (Command.Unknown) c)), this::error, this::send);
        };
        handler.run();
    }

    // ---- commands --------------------------------------------------------------------------

    private void onHelo(String domain, boolean ehlo) {
        List<String> capabilities = ehlo ? capabilities() : List.of();
        await(call(() -> policy.helo(this, domain, ehlo, capabilities)), reply -> {
            send(reply);
            if (reply.isPositiveCompletion()) {
                resetTransaction();
                heloDomain = domain;
                extended = ehlo;
                state = State.READY;
            }
        }, this::send);
    }

    /** The EHLO keywords offered now. */
    List<String> capabilities() {
        List<String> caps = new ArrayList<>();
        boolean smtp = config.mode() == ServerConfig.Mode.SMTP;
        if (smtp) {
            caps.add("PIPELINING");
            caps.add("SIZE " + config.maxMessageSize());
            caps.add("8BITMIME");
        }
        caps.add("ENHANCEDSTATUSCODES");
        if (smtp && config.dsnEnabled()) {
            caps.add("DSN");
        }
        if (smtp && config.etrnEnabled()) {
            caps.add("ETRN");
        }
        if (tlsOffered()) {
            caps.add("STARTTLS");
        }
        List<String> mechs = usableMechanisms();
        if (!mechs.isEmpty()) {
            caps.add("AUTH " + String.join(" ", mechs));
        }
        if (config.atrnEnabled() && !smtp) {
            caps.add("ATRN");
        }
        return caps;
    }

    private boolean tlsOffered() {
        return config.tlsEnabled() && transport.isTlsAvailable() && !transport.isTls();
    }

    private List<String> usableMechanisms() {
        List<String> out = new ArrayList<>();
        for (String m : config.authMechanisms()) {
            if (m.equals(CramMd5.NAME) || transport.isTls() || config.allowInsecureAuth()) {
                out.add(m);
            }
        }
        return out;
    }

    private boolean odmr() {
        return config.mode() == ServerConfig.Mode.ODMR;
    }

    private void odmrRefusesOr(Runnable action) {
        if (odmr()) {
            error(Replies.NOT_IMPLEMENTED);
        } else {
            action.run();
        }
    }

    private void onMail(Command.Mail cmd) {
        if (odmr()) {
            error(Replies.NOT_IMPLEMENTED);
        } else if (heloDomain == null) {
            error(Replies.EHLO_FIRST);
        } else if (mail != null) {
            error(Replies.NESTED_MAIL);
        } else if (cmd.params().size() != null && cmd.params().size() > config.maxMessageSize()) {
            send(Replies.MESSAGE_TOO_BIG);
        } else {
            await(call(() -> policy.mailFrom(this, cmd)), reply -> {
                send(reply);
                if (reply.isPositiveCompletion()) {
                    mail = cmd;
                    state = State.MAIL;
                }
            }, this::send);
        }
    }

    private void onRcpt(Command.Rcpt cmd) {
        if (odmr()) {
            error(Replies.NOT_IMPLEMENTED);
        } else if (mail == null) {
            error(Replies.MAIL_FIRST);
        } else if (recipients.size() >= config.maxRecipients()) {
            rcptAttempts++;
            send(Replies.TOO_MANY_RECIPIENTS);
        } else {
            rcptAttempts++;
            await(call(() -> policy.rcptTo(this, cmd)), reply -> {
                if (!reply.isPositiveCompletion()) {
                    refused(reply);
                    return;
                }
                send(reply);
                if (mail != null) {
                    recipients.add(cmd);
                    state = State.RCPT;
                }
            }, this::send);
        }
    }

    private void onDataCommand() {
        if (odmr()) {
            error(Replies.NOT_IMPLEMENTED);
        } else if (mail == null) {
            error(Replies.MAIL_FIRST);
        } else if (recipients.isEmpty()) {
            error(rcptAttempts > 0 ? Replies.NO_VALID_RECIPIENTS : Replies.RCPT_FIRST);
        } else {
            Envelope envelope = new Envelope(mail, recipients);
            await(call(() -> policy.data(this, envelope)), s -> {
                if (closed) {
                    s.abort(Replies.LOCAL_ERROR);
                    return;
                }
                sink = s;
                sinkFailed = false;
                dataReader = new DataReader(config.maxMessageSize(), config.bareLineEndings(),
                        config.maxTextLineLength(), this::toSink);
                state = State.DATA;
                send(Replies.START_DATA);
            }, reply -> {
                send(reply);
                endTransaction();
            });
        }
    }

    private void toSink(Buffer chunk) {
        if (sinkFailed) {
            return;
        }
        try {
            sink.chunk(chunk);
        } catch (RuntimeException e) {
            sinkFailed = true;
        }
    }

    private void feedData(byte[] bytes) {
        DataReader.Result result = dataReader.feed(bytes);
        if (result == null) {
            return;
        }
        dataReader = null;
        if (result.remaining().length > 0) {
            framer.feed(result.remaining());
        }
        MessageSink s = sink;
        sink = null;
        Reply refusal = switch (result.status()) {
            case OK -> sinkFailed ? Replies.TEMPORARY_STORAGE_FAILURE : null;
            case TOO_BIG -> Replies.MESSAGE_TOO_BIG;
            case BARE_LINE_ENDING -> Replies.BARE_LINE_ENDING;
            case LINE_TOO_LONG -> Replies.TEXT_LINE_TOO_LONG;
        };
        if (refusal != null) {
            abortQuietly(s, refusal);
            send(refusal);
            endTransaction();
            return;
        }
        await(call(() -> s.end(result)), reply -> {
            if (reply.isPositiveCompletion()) {
                junk = 0;
            }
            send(reply);
            endTransaction();
        }, reply -> {
            send(reply);
            endTransaction();
        });
    }

    private void onRset() {
        resetTransaction();
        state = heloDomain != null ? State.READY : State.GREETED;
        junk(Replies.RSET);
    }

    private void onQuit() {
        send(Replies.QUIT);
        closeSession();
    }

    private void onStartTls(Command.StartTls cmd) {
        if (cmd.hasArguments()) {
            error(Replies.STARTTLS_SYNTAX);
            return;
        }
        if (transport.isTls()) {
            error(Replies.ALREADY_TLS);
            return;
        }
        if (!config.tlsEnabled() || !transport.isTlsAvailable()) {
            send(Replies.TLS_NOT_AVAILABLE);
            return;
        }
        send(Replies.STARTTLS_READY);
        // CVE-2011-0411: nothing sent in plaintext after STARTTLS may count as a command.
        framer.discardBuffered();
        state = State.TLS_HANDSHAKE;
        busy = true;
        flush().compose(v -> transport.upgradeToTls()).onComplete(ar -> transport.runOnContext(() -> {
            busy = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                closeSession();
                return;
            }
            framer.discardBuffered();
            resetTransaction();
            heloDomain = null;
            extended = false;
            identity = null;
            state = State.GREETED;
            drive();
        }));
    }

    private void onAuth(Command.Auth cmd) {
        if (heloDomain == null || !extended) {
            refused(Replies.EHLO_FIRST);
            return;
        }
        if (identity != null) {
            refused(Replies.ALREADY_AUTHENTICATED);
            return;
        }
        if (mail != null) {
            refused(Replies.AUTH_IN_TRANSACTION);
            return;
        }
        String mech = cmd.mechanism();
        if (!config.authMechanisms().contains(mech)) {
            refused(Replies.AUTH_MECHANISM_UNKNOWN);
            return;
        }
        if (!usableMechanisms().contains(mech)) {
            refused(Replies.ENCRYPTION_REQUIRED);
            return;
        }
        sasl = SaslServerMechanism.create(mech, config.hostname());
        try {
            byte[] initial = cmd.hasInitialResponse() ? SaslBase64.decodeInitialResponse(cmd.initialResponse()) : null;
            saslStep(sasl.start(initial));
        } catch (ReplyException e) {
            endSasl();
            junk(e.reply());
        }
    }

    private void onAuthResponse(byte[] line) {
        try {
            byte[] response = SaslBase64.decodeResponse(new String(line, StandardCharsets.ISO_8859_1));
            saslStep(sasl.respond(response));
        } catch (ReplyException e) {
            endSasl();
            junk(e.reply());
        }
    }

    private void saslStep(SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            state = State.AUTH_CHALLENGE;
            framer.setLimit(config.maxAuthLine());
            send(Replies.authChallenge(challenge.data()));
            return;
        }
        AuthAttempt attempt = ((SaslStep.Done) step).attempt();
        endSasl();
        await(call(() -> policy.authenticate(this, attempt)), outcome -> {
            clearSecrets(attempt);
            if (outcome instanceof AuthOutcome.Success success) {
                identity = success.identity();
                send(Replies.AUTH_SUCCESSFUL);
            } else {
                authFailed(((AuthOutcome.Failure) outcome).reply());
            }
        }, reply -> {
            clearSecrets(attempt);
            send(reply == Replies.LOCAL_ERROR ? Replies.AUTH_TEMPORARY_FAILURE : reply);
        });
    }

    private void authFailed(Reply reply) {
        if (++authFailures >= config.maxAuthFailures()) {
            send(Replies.AUTH_TOO_MANY_FAILURES);
            closeSession();
        } else {
            junk(reply);
        }
    }

    private static void clearSecrets(AuthAttempt attempt) {
        if (attempt instanceof AuthAttempt.Password p) {
            p.credentials().clear();
        }
    }

    private void endSasl() {
        sasl = null;
        framer.setLimit(config.maxCommandLine());
        if (state == State.AUTH_CHALLENGE) {
            state = State.READY;
        }
    }

    private void onEtrn(Command.Etrn cmd) {
        Reply refusal = etrnRefusal();
        if (refusal != null) {
            refused(refusal);
        } else {
            etrnCount++;
            await(call(() -> policy.etrn(this, cmd)), reply -> {
                if (reply.code() >= 400) {
                    refused(reply);
                } else {
                    send(reply);
                }
            }, this::send);
        }
    }

    /**
     * Why ETRN cannot be used here and now, whatever its argument (ETRN off: 502; before EHLO or
     * inside a transaction: 503), or null. These come before the argument's checks (500, 501).
     */
    private Reply etrnRefusal() {
        if (odmr() || !config.etrnEnabled()) {
            return Replies.ETRN_DISABLED;
        }
        if (heloDomain == null || mail != null) {
            return Replies.ETRN_BAD_SEQUENCE;
        }
        return null;
    }

    private void onAtrn(Command.Atrn cmd) {
        if (!config.atrnEnabled() || !odmr()) {
            error(Replies.ATRN_DISABLED);
        } else if (heloDomain == null) {
            error(Replies.EHLO_FIRST);
        } else if (mail != null) {
            error(Replies.ATRN_IN_TRANSACTION);
        } else if (identity == null) {
            send(Replies.ATRN_AUTH_REQUIRED);
        } else if (framer.buffered() > 0) {
            // The reversed connection must start clean: the client may not talk past ATRN.
            send(Replies.ATRN_REFUSED);
            closeSession();
        } else {
            awaitingGrant = true;
            await(call(() -> policy.atrn(this, cmd)), reply -> {
                awaitingGrant = false;
                if (reply.code() != 250) {
                    send(reply);
                    return;
                }
                if (framer.buffered() > 0 || closed) {
                    policy.atrnAbandoned(this);
                    send(Replies.ATRN_REFUSED);
                    closeSession();
                    return;
                }
                send(reply);
                flush();
                handOver();
            }, reply -> {
                awaitingGrant = false;
                send(reply);
            });
        }
    }

    /**
     * A byte came while ATRN's grant was awaited: the client talked past ATRN, and whatever it
     * sent would reach the reversed session as the customer's greeting. Refused and closed at
     * once; a grant that comes later is given back ({@link SessionPolicy#atrnAbandoned}).
     */
    private void talkedPastAtrn() {
        verb = "ATRN";
        send(Replies.ATRN_REFUSED);
        closeSession();
    }

    /** Gives the (paused, handler-less) transport to the reversed session. */
    private void handOver() {
        state = State.REVERSED;
        cancelTimers();
        transport.drainHandler(null);
        writeBlocked = false;
        if (!paused) {
            paused = true;
            transport.pause();
        }
        transport.setHandlers(null, null);
        policy.reversed(this, transport);
    }

    private void onLineTooLong() {
        verb = state == State.AUTH_CHALLENGE ? "AUTH" : "TOO_LONG";
        if (state == State.AUTH_CHALLENGE) {
            endSasl();
        }
        error(Replies.LINE_TOO_LONG);
    }

    // ---- transaction -----------------------------------------------------------------------

    private void resetTransaction() {
        if (sink != null) {
            abortQuietly(sink, Replies.LOCAL_ERROR);
            sink = null;
        }
        dataReader = null;
        mail = null;
        recipients.clear();
        rcptAttempts = 0;
    }

    private void endTransaction() {
        resetTransaction();
        if (!closed) {
            state = heloDomain != null ? State.READY : State.GREETED;
        }
    }

    private static void abortQuietly(MessageSink s, Reply reason) {
        try {
            s.abort(reason);
        } catch (RuntimeException ignored) {
            // the message is dropped either way
        }
    }

    // ---- replies and async -----------------------------------------------------------------

    private void send(Reply reply) {
        if (!closed) {
            out.appendBytes(reply.toBytes());
            try {
                policy.replied(this, verb, reply);
            } catch (RuntimeException ignored) {
                // metrics must never break the session
            }
        }
    }

    /** A refusal that counts toward the error limit; past it the session ends with 421. */
    private void error(Reply reply) {
        if (++errors > config.maxErrors()) {
            send(Replies.TOO_MANY_ERRORS);
            closeSession();
        } else {
            send(reply);
        }
    }

    /** A command that moves no mail on (NOOP, HELP, RSET, VRFY, a refusal); past the limit 421. */
    private void junk(Reply reply) {
        if (++junk > config.maxJunkCommands()) {
            send(Replies.TOO_MANY_JUNK_COMMANDS);
            closeSession();
        } else {
            send(reply);
        }
    }

    /** A refused RCPT, ETRN or AUTH: an error and a junk command (address harvesting, guessing). */
    private void refused(Reply reply) {
        boolean tooManyErrors = ++errors > config.maxErrors();
        boolean tooMuchJunk = ++junk > config.maxJunkCommands();
        if (tooManyErrors || tooMuchJunk) {
            send(tooManyErrors ? Replies.TOO_MANY_ERRORS : Replies.TOO_MANY_JUNK_COMMANDS);
            closeSession();
        } else {
            send(reply);
        }
    }

    private Future<Void> flush() {
        if (out.length() == 0) {
            return Future.succeededFuture();
        }
        Buffer b = out;
        out = Buffer.buffer();
        Future<Void> written = transport.write(b);
        if (!writeBlocked && !closed && state != State.REVERSED && transport.writeQueueFull()) {
            // The peer does not read: stop reading (and answering) until it has taken our replies.
            writeBlocked = true;
            transport.drainHandler(() -> transport.runOnContext(this::onDrained));
            updateReading();
        }
        return written;
    }

    private void onDrained() {
        if (!writeBlocked || closed || state == State.REVERSED) {
            return;
        }
        writeBlocked = false;
        updateReading();
        if (!busy) {
            drive();
        }
    }

    /**
     * Pauses or resumes the transport for what the session waits for now: input stops while a
     * policy answer is pending (except before the greeting, to catch early talkers, and while
     * ATRN's grant is awaited, to catch a client that talks past it) and while the peer does not
     * take our replies.
     */
    private void updateReading() {
        if (closed || state == State.REVERSED) {
            return;
        }
        boolean stop = awaitingGrant ? false : writeBlocked || waitingForPolicy;
        if (stop && !paused) {
            paused = true;
            transport.pause();
        } else if (!stop && paused) {
            paused = false;
            transport.resume();
        }
    }

    private static <T> Future<T> call(Supplier<Future<T>> hook) {
        try {
            Future<T> f = hook.get();
            return f != null ? f : Future.failedFuture(new IllegalStateException("policy returned null"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * Runs {@code then} with the hook's result, or {@code failed} with the reply for its failure.
     * While pending, input is paused (except before the greeting, to catch early talkers).
     */
    private <T> void await(Future<T> future, Consumer<T> then, Consumer<Reply> failed) {
        if (future.isComplete()) {
            complete(future, then, failed);
            return;
        }
        busy = true;
        waitingForPolicy = state != State.CONNECTED;
        updateReading();
        flush();
        future.onComplete(ar -> transport.runOnContext(() -> {
            busy = false;
            waitingForPolicy = false;
            complete(ar, then, failed);
            if (!busy) {
                updateReading();
                drive();
            } else {
                flush();
            }
        }));
    }

    private <T> void complete(AsyncResult<T> ar, Consumer<T> then, Consumer<Reply> failed) {
        if (ar.succeeded()) {
            try {
                then.accept(ar.result());
            } catch (ReplyException e) {
                failed.accept(e.reply());
            } catch (RuntimeException e) {
                failed.accept(Replies.LOCAL_ERROR);
            }
        } else {
            Throwable t = ar.cause();
            failed.accept(t instanceof ReplyException re ? re.reply() : Replies.LOCAL_ERROR);
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------

    private void greet() {
        if (closed) {
            return;
        }
        verb = "CONNECT";
        await(call(() -> policy.connect(this)), reply -> {
            if (earlyTalker) {
                send(Replies.EARLY_TALKER);
                closeSession();
                return;
            }
            send(reply);
            if (reply.code() != 220) {
                closeSession();
                return;
            }
            state = State.GREETED;
        }, reply -> {
            send(reply.code() == 451 ? Replies.SHUTTING_DOWN : reply);
            closeSession();
        });
        if (!busy) {
            drive();
        }
    }

    private void touch() {
        if (closed || state == State.REVERSED) {
            return;
        }
        if (idleTimer >= 0) {
            transport.cancelTimer(idleTimer);
        }
        idleTimer = transport.setTimer(config.idleTimeout().toMillis(), this::onIdle);
    }

    private void onIdle() {
        idleTimer = -1;
        if (closed || state == State.REVERSED) {
            return;
        }
        if (busy) {
            touch();
            return;
        }
        verb = "TIMEOUT";
        send(Replies.IDLE_TIMEOUT);
        closeSession();
    }

    private void onSessionTimeout() {
        sessionTimer = -1;
        if (closed || state == State.REVERSED) {
            return;
        }
        verb = "TIMEOUT";
        send(Replies.SESSION_TIMEOUT);
        closeSession();
    }

    private void cancelTimers() {
        if (idleTimer >= 0) {
            transport.cancelTimer(idleTimer);
            idleTimer = -1;
        }
        if (sessionTimer >= 0) {
            transport.cancelTimer(sessionTimer);
            sessionTimer = -1;
        }
    }

    /** Sends what is pending, then closes; later input is ignored. */
    private void closeSession() {
        if (closed) {
            return;
        }
        Future<Void> written = flush();
        closed = true;
        state = State.CLOSED;
        cancelTimers();
        transport.drainHandler(null);
        if (sink != null) {
            abortQuietly(sink, Replies.LOCAL_ERROR);
            sink = null;
        }
        if (written.isComplete()) {
            transport.close();
        } else {
            written.onComplete(v -> transport.close());
            // A peer that does not read would keep the connection open forever waiting for the write.
            transport.setTimer(CLOSE_GRACE_MILLIS, transport::close);
        }
        notifyClosed();
    }

    private void onTransportClosed() {
        if (state == State.REVERSED) {
            return;
        }
        if (!closed) {
            closed = true;
            state = State.CLOSED;
            cancelTimers();
            if (sink != null) {
                abortQuietly(sink, Replies.LOCAL_ERROR);
                sink = null;
            }
        }
        notifyClosed();
    }

    private void notifyClosed() {
        if (!closedNotified) {
            closedNotified = true;
            try {
                policy.closed(this);
            } catch (RuntimeException ignored) {
                // nothing more to do for this session
            }
        }
    }
}
