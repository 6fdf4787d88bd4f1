package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.vertx.core.Future;

import java.util.List;

/**
 * The application's side of a server session: every decision the protocol cannot make alone.
 * Each hook answers asynchronously; while a future is pending the session reads no more input
 * (pipelined commands wait, replies stay in order). A failed future sends {@code 451 4.3.0}, or
 * the reply of a {@link ReplyException}. Hooks run on the session's context and must not block.
 * The session has already applied syntax, sequence and protocol limits before calling a hook.
 *
 * <p>Every hook has a conservative default, so a policy implements only what its listener needs.
 */
public interface SessionPolicy {

    /** On connect: the greeting to send. Anything but 220 is sent and the connection closed. */
    default Future<Reply> connect(SessionInfo session) {
        return Future.succeededFuture(Replies.greeting(session.config().hostname()));
    }

    /**
     * EHLO / HELO with a validated domain. {@code capabilities} are the EHLO keywords the session
     * offers now (empty for HELO); the default answers with them. A 250 reply completes the
     * EHLO/HELO; anything else leaves the session as it was.
     */
    default Future<Reply> helo(SessionInfo session, String domain, boolean extended, List<String> capabilities) {
        String host = session.config().hostname();
        return Future.succeededFuture(extended ? Replies.ehlo(host, capabilities) : Replies.helo(host));
    }

    /** MAIL FROM (SIZE already checked). A 2xx reply opens the transaction. */
    default Future<Reply> mailFrom(SessionInfo session, Command.Mail mail) {
        return Future.succeededFuture(Replies.SENDER_OK);
    }

    /** RCPT TO (recipient cap already checked). A 2xx reply adds the recipient. */
    default Future<Reply> rcptTo(SessionInfo session, Command.Rcpt rcpt) {
        return Future.succeededFuture(Replies.RECIPIENT_OK);
    }

    /**
     * DATA with at least one accepted recipient: the sink for the body. The session then sends
     * {@code 354}. Fail with a {@link ReplyException} to refuse the DATA.
     */
    default Future<MessageSink> data(SessionInfo session, Envelope envelope) {
        return Future.failedFuture(new ReplyException(Replies.TEMPORARY_STORAGE_FAILURE));
    }

    /**
     * Verifies a completed SASL exchange: a password (PLAIN, LOGIN) or a CRAM-MD5 digest of the
     * session's single-use challenge. Compare secrets in constant time.
     */
    default Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        return Future.succeededFuture(AuthOutcome.invalidCredentials());
    }

    /**
     * ETRN with a validated argument, outside a transaction, after EHLO. Answer at once with one
     * of the {@code Replies.etrn...} replies (530 when AUTH is required and missing).
     */
    default Future<Reply> etrn(SessionInfo session, Command.Etrn etrn) {
        return Future.succeededFuture(Replies.ETRN_DISABLED);
    }

    /**
     * ATRN, authenticated, with validated domains (empty = all of this login's). Answer
     * {@code Replies.ATRN_OK} to reverse the connection, or ATRN_REFUSED / ATRN_BUSY /
     * ATRN_NO_MAIL. After ATRN_OK the session hands the transport to {@link #reversed}.
     */
    default Future<Reply> atrn(SessionInfo session, Command.Atrn atrn) {
        return Future.succeededFuture(Replies.ATRN_DISABLED);
    }

    /**
     * After {@code 250 OK now reversing the connection} was queued: the transport now belongs to
     * the caller, paused and without handlers. Install handlers, resume, wait for the customer's
     * 220 and act as the SMTP client. The default closes it.
     */
    default void reversed(SessionInfo session, SessionTransport transport) {
        transport.close();
    }

    /**
     * An ATRN that {@link #atrn} granted was not carried out (the client sent bytes after ATRN
     * before the 250, or hung up while the grant was awaited; the session may already be closed
     * and {@link #closed} called): release whatever the grant holds.
     */
    default void atrnAbandoned(SessionInfo session) {
    }

    /** A verb the parser does not know. */
    default Future<Reply> unknown(SessionInfo session, Command.Unknown command) {
        return Future.succeededFuture(Replies.COMMAND_UNRECOGNIZED);
    }

    /**
     * A reply was queued for the client, for metrics and logs. {@code verb} is the command it
     * answers ({@code Command.Kind} name, e.g. {@code MAIL}; {@code DATA} also for the reply after
     * the body), or {@code CONNECT} (greeting, early talker), {@code TIMEOUT} (idle or session
     * cap), {@code TOO_LONG} (line over the limit), {@code UNKNOWN} (unparseable line). Must not
     * block or throw; called on the session's context.
     */
    default void replied(SessionInfo session, String verb, Reply reply) {
    }

    /** The session ended (QUIT, timeout, error or disconnect). Not called after a reversal. */
    default void closed(SessionInfo session) {
    }
}
