package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.command.CommandParser;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.wire.LineFramer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One server-side SMTP or ODMR session over a {@link SessionTransport}.
 *
 * <p>Input is framed on raw bytes ({@link LineFramer}, then the {@link Body} in DATA); where it goes
 * follows from the session's {@link Phase}, and each command line is parsed into a {@link Command}
 * and dispatched by an exhaustive switch on its kind to its verb's handler ({@link HeloVerb},
 * {@link MailVerb}, ...). Commands are handled one at a time: while a {@link SessionPolicy} future is
 * pending the transport is paused and the rest of the pipelined input waits, so replies go out
 * strictly in order ({@link FlowControl}; it also stops reading from a peer that does not take
 * our replies). Replies produced while working through pipelined input are written together, and
 * always before waiting for input. Errors, junk commands and failed AUTHs are counted against the
 * limits of the {@link ServerConfig}.
 *
 * <p>All methods run on the transport's context; the class is not thread-safe.
 */
public final class SmtpServerSession implements SessionInfo {

    private static final AtomicLong IDS = new AtomicLong();
    /** How long a closing session waits for its last replies to be taken before it drops the connection. */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    private final SessionTransport transport;
    private final ServerConfig config;
    private final SessionPolicy policy;
    private final CommandParser parser;
    private final LineFramer framer;
    private final FlowControl flow;
    private final SessionTimers timers;
    private final String id;
    private final Map<String, Object> attributes = new HashMap<>();

    private Phase phase = new Phase.Greeting(false);
    private boolean started;
    /** A policy answer (or the TLS handshake) is pending: no input is worked through. */
    private boolean busy;
    private boolean driving;
    private boolean closedNotified;
    private String identity;
    private int errors;
    private int junk;
    private int authFailures;
    private int etrnCount;
    /** The command the replies being sent answer, for {@link SessionPolicy#replied}. */
    private String verb = "CONNECT";

    public SmtpServerSession(SessionTransport transport, ServerConfig config, SessionPolicy policy) {
        this.transport = transport;
        this.config = config;
        this.policy = policy;
        this.parser = new CommandParser(new CommandParser.Options(config.dsnEnabled(), false, config.hostname()));
        this.framer = new LineFramer(config.maxCommandLine());
        this.flow = new FlowControl(transport, this::onDrained);
        this.timers = new SessionTimers(transport, config, this::onIdle, this::onSessionTimeout);
        this.id = Long.toString(System.currentTimeMillis(), 36) + "-" + IDS.incrementAndGet();
    }

    /** Takes over the transport's input and starts the session (greeting after the configured delay). */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        transport.setHandlers(this::onData, v -> onTransportClosed());
        timers.start();
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
        return phase.state();
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
        return phase.hello() instanceof Hello.Known k ? k.domain() : null;
    }

    @Override
    public boolean isExtended() {
        return phase.hello() instanceof Hello.Known k && k.extended();
    }

    @Override
    public String authenticatedIdentity() {
        return identity;
    }

    @Override
    public Envelope envelope() {
        return switch (phase.kind()) {
            case COMMANDS -> ((Phase.Commands) phase).transaction() instanceof Transaction.Open open ? open.envelope() : null;
            case DATA -> ((Phase.Data) phase).transaction().envelope();
            case GREETING, SASL, TLS_HANDSHAKE, AWAITING_GRANT, REVERSED, CLOSED -> null;
        };
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
        switch (phase.kind()) {
            case CLOSED, REVERSED -> {
                // no longer ours
            }
            case GREETING -> {
                timers.touch();
                phase = new Phase.Greeting(true);
            }
            case TLS_HANDSHAKE -> timers.touch();
            case AWAITING_GRANT -> {
                timers.touch();
                AtrnVerb.talkedPast(this);
            }
            case DATA -> {
                timers.touch();
                Phase.Data data = (Phase.Data) phase;
                if (!data.body().ended() && !busy && framer.buffered() == 0) {
                    DataVerb.feed(this, data, chunk.getBytes());
                } else {
                    framer.feed(chunk);
                }
                drive();
            }
            case COMMANDS, SASL -> {
                timers.touch();
                framer.feed(chunk);
                drive();
            }
        }
    }

    /** Works through buffered input until it runs out, a policy answer is pending or the peer does not read. */
    void drive() {
        if (driving) {
            return;
        }
        driving = true;
        try {
            while (!busy && !flow.writeBlocked() && readsInput()) {
                if (flow.gathered()) {
                    flush();
                    continue;
                }
                if (phase instanceof Phase.Data data && !data.body().ended()) {
                    if (framer.buffered() == 0) {
                        break;
                    }
                    DataVerb.feed(this, data, framer.drain());
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

    /** True in the phases that work through buffered input. */
    private boolean readsInput() {
        return switch (phase.kind()) {
            case COMMANDS, DATA, SASL -> true;
            case GREETING, TLS_HANDSHAKE, AWAITING_GRANT, REVERSED, CLOSED -> false;
        };
    }

    private void onLine(byte[] line) {
        if (phase instanceof Phase.Sasl sasl) {
            verb = "AUTH";
            AuthVerb.response(this, sasl, line);
            return;
        }
        Command command;
        try {
            command = parser.parse(line);
        } catch (ReplyException e) {
            verb = verbOf(line);
            if ("ETRN".equals(verb)) {
                EtrnVerb.unparsed(this, e.reply());
            } else {
                error(e.reply());
            }
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
        String word = new String(line, 0, n, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        for (Command.Kind k : Command.Kind.values()) {
            if (k != Command.Kind.UNKNOWN && k.name().equals(word)) {
                return word;
            }
        }
        return "UNKNOWN";
    }

    private void dispatch(Command c) {
        switch (c.kind()) {
            case EHLO -> HeloVerb.handle(this, ((Command.Ehlo) c).domain(), true);
            case HELO -> HeloVerb.handle(this, ((Command.Helo) c).domain(), false);
            case MAIL -> MailVerb.handle(this, (Command.Mail) c);
            case RCPT -> RcptVerb.handle(this, (Command.Rcpt) c);
            case DATA -> DataVerb.handle(this);
            case RSET -> RsetVerb.handle(this);
            case NOOP -> junk(Replies.NOOP);
            case QUIT -> QuitVerb.handle(this);
            case VRFY -> VrfyVerb.handle(this);
            case EXPN -> error(Replies.EXPN_DISABLED);
            case HELP -> junk(Replies.HELP);
            case STARTTLS -> StartTlsVerb.handle(this, (Command.StartTls) c);
            case AUTH -> AuthVerb.handle(this, (Command.Auth) c);
            case ETRN -> EtrnVerb.handle(this, (Command.Etrn) c);
            case ATRN -> AtrnVerb.handle(this, (Command.Atrn) c);
            case TURN -> error(Replies.TURN_DISABLED);
            case BDAT -> error(Replies.BDAT_NOT_SUPPORTED);
            case UNKNOWN -> await(() -> policy.unknown(this, (Command.Unknown) c), this::error, this::send);
        }
    }

    private void onLineTooLong() {
        if (phase instanceof Phase.Sasl sasl) {
            verb = "AUTH";
            AuthVerb.end(this, sasl.hello());
        } else {
            verb = "TOO_LONG";
        }
        error(Replies.LINE_TOO_LONG);
    }

    // ---- what the verbs use ------------------------------------------------------------------

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        phase = next;
    }

    SessionPolicy policy() {
        return policy;
    }

    SessionTransport transport() {
        return transport;
    }

    LineFramer framer() {
        return framer;
    }

    boolean odmr() {
        return config.mode() == ServerConfig.Mode.ODMR;
    }

    boolean closed() {
        return phase.kind() == Phase.Kind.CLOSED;
    }

    /** The command the next replies answer (for {@link SessionPolicy#replied}). */
    void verb(String verb) {
        this.verb = verb;
    }

    void authenticated(String identity) {
        this.identity = identity;
    }

    void countEtrn() {
        etrnCount++;
    }

    /** While the TLS handshake runs no input is worked through. */
    void busy(boolean busy) {
        this.busy = busy;
    }

    /** A message was accepted: the junk count starts anew. */
    void messageAccepted() {
        junk = 0;
    }

    /** Counts a failed AUTH; true once the limit is reached. */
    boolean authFailureLimitReached() {
        return ++authFailures >= config.maxAuthFailures();
    }

    // ---- replies and async -----------------------------------------------------------------

    void send(Reply reply) {
        if (!closed()) {
            flow.append(reply);
            try {
                policy.replied(this, verb, reply);
            } catch (RuntimeException ignored) {
                // metrics must never break the session
            }
        }
    }

    /** A refusal that counts toward the error limit; past it the session ends with 421. */
    void error(Reply reply) {
        if (++errors > config.maxErrors()) {
            send(Replies.TOO_MANY_ERRORS);
            closeSession();
        } else {
            send(reply);
        }
    }

    /** A command that moves no mail on (NOOP, HELP, RSET, VRFY, a refusal); past the limit 421. */
    void junk(Reply reply) {
        if (++junk > config.maxJunkCommands()) {
            send(Replies.TOO_MANY_JUNK_COMMANDS);
            closeSession();
        } else {
            send(reply);
        }
    }

    /** A refused RCPT, ETRN or AUTH: an error and a junk command (address harvesting, guessing). */
    void refused(Reply reply) {
        boolean tooManyErrors = ++errors > config.maxErrors();
        boolean tooMuchJunk = ++junk > config.maxJunkCommands();
        if (tooManyErrors || tooMuchJunk) {
            send(tooManyErrors ? Replies.TOO_MANY_ERRORS : Replies.TOO_MANY_JUNK_COMMANDS);
            closeSession();
        } else {
            send(reply);
        }
    }

    Future<Void> flush() {
        return flow.flush(phase);
    }

    private void onDrained() {
        if (flow.drained(phase) && !busy) {
            drive();
        }
    }

    /**
     * Calls a policy hook; runs {@code then} with its result, or {@code failed} with the reply for
     * its failure. While it is pending, input is paused (see {@link FlowControl}).
     */
    <T> void await(Supplier<Future<T>> hook, Consumer<T> then, Consumer<Reply> failed) {
        Future<T> future = call(hook);
        if (future.isComplete()) {
            complete(future, then, failed);
            return;
        }
        busy = true;
        flow.waitingForPolicy(phase.kind() != Phase.Kind.GREETING, phase);
        flush();
        future.onComplete(ar -> transport.runOnContext(() -> {
            busy = false;
            complete(ar, then, failed);
            if (!busy) {
                flow.waitingForPolicy(false, phase);
                drive();
            } else {
                flush();
            }
        }));
    }

    private static <T> Future<T> call(Supplier<Future<T>> hook) {
        try {
            Future<T> f = hook.get();
            return f != null ? f : Future.failedFuture(new IllegalStateException("policy returned null"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static <T> void complete(AsyncResult<T> ar, Consumer<T> then, Consumer<Reply> failed) {
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
        if (closed()) {
            return;
        }
        verb = "CONNECT";
        await(() -> policy.connect(this), reply -> {
            if (phase instanceof Phase.Greeting g && g.earlyTalker()) {
                send(Replies.EARLY_TALKER);
                closeSession();
                return;
            }
            send(reply);
            if (reply.code() != 220) {
                closeSession();
                return;
            }
            phase = new Phase.Commands(Hello.NONE);
        }, reply -> {
            send(reply.code() == 451 ? Replies.SHUTTING_DOWN : reply);
            closeSession();
        });
        if (!busy) {
            drive();
        }
    }

    private void onIdle() {
        if (closed() || phase.kind() == Phase.Kind.REVERSED) {
            return;
        }
        if (busy) {
            timers.touch();
            return;
        }
        verb = "TIMEOUT";
        send(Replies.IDLE_TIMEOUT);
        closeSession();
    }

    private void onSessionTimeout() {
        if (closed() || phase.kind() == Phase.Kind.REVERSED) {
            return;
        }
        verb = "TIMEOUT";
        send(Replies.SESSION_TIMEOUT);
        closeSession();
    }

    /** Gives the (paused, handler-less) transport to the reversed session. */
    void handOver() {
        phase = new Phase.Reversed(phase.hello());
        timers.cancel();
        flow.release();
        transport.setHandlers(null, null);
        policy.reversed(this, transport);
    }

    /** Sends what is pending, then closes; later input is ignored. */
    void closeSession() {
        if (closed()) {
            return;
        }
        Future<Void> written = flush();
        Phase was = phase;
        phase = new Phase.Closed(was.hello());
        timers.cancel();
        flow.closed();
        abortBody(was);
        if (written.isComplete()) {
            transport.close();
        } else {
            // A peer that does not read would keep the connection open forever waiting for the write.
            long grace = transport.setTimer(CLOSE_GRACE_MILLIS, transport::close);
            written.onComplete(v -> {
                transport.cancelTimer(grace);
                transport.close();
            });
        }
        notifyClosed();
    }

    private void onTransportClosed() {
        if (phase.kind() == Phase.Kind.REVERSED) {
            return;
        }
        if (!closed()) {
            Phase was = phase;
            phase = new Phase.Closed(was.hello());
            timers.cancel();
            flow.closed();
            abortBody(was);
        }
        notifyClosed();
    }

    /** A body still being read is dropped (its sink aborted); one that was read to its end is the sink's. */
    private static void abortBody(Phase was) {
        if (was instanceof Phase.Data data && !data.body().ended()) {
            data.body().abort(Replies.LOCAL_ERROR);
        }
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
