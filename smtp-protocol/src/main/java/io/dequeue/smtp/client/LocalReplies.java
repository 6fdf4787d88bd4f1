package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;

/**
 * Replies the client makes up itself when the peer gave none: timeouts, lost connections, TLS
 * policy, checks before sending. They are never sent; they record why a recipient ended as it did.
 */
public final class LocalReplies {

    private LocalReplies() {
    }

    /** No reply within the timeout; {@code what} names the awaited step (e.g. "RCPT"). */
    public static Reply timeout(String what) {
        return Reply.of(451, "4.4.2", "Timeout waiting for the reply to " + what);
    }

    /** Writing a block of the message took longer than the data block timeout. */
    public static final Reply DATA_BLOCK_TIMEOUT = Reply.of(451, "4.4.2", "Timeout while sending the message data");

    public static final Reply CONNECTION_LOST = Reply.of(421, "4.4.2", "Connection lost");

    public static final Reply SESSION_CLOSED = Reply.of(421, "4.4.2", "Session already closed");

    /** The TCP connection could not be made. */
    public static Reply connectFailed(String peer) {
        return Reply.of(421, "4.4.1", "Connection to " + Reply.sanitize(peer, 255) + " failed");
    }

    /** The peer's answer could not be parsed as an SMTP reply. */
    /** A failure inside the client itself (a bug or a resource problem). */
    public static Reply localError(String what) {
        return Reply.of(451, "4.3.0", "Local error: " + Reply.sanitize(what, 200));
    }

    public static final Reply MALFORMED_REPLY = Reply.of(451, "4.5.0", "Malformed reply from the peer");

    /** A reply that makes no sense at this step (e.g. a 3xx to MAIL). */
    public static Reply unexpected(String what, Reply reply) {
        return Reply.of(451, "4.5.0", "Unexpected reply to " + what + ": " + brief(reply));
    }

    public static final Reply TLS_NOT_OFFERED = Reply.of(451, "4.7.4", "TLS is required, but was not offered by the peer");

    public static Reply tlsRefused(Reply reply) {
        return Reply.of(451, "4.7.4", "TLS is required, but STARTTLS was refused: " + brief(reply));
    }

    public static final Reply TLS_HANDSHAKE_FAILED = Reply.of(451, "4.7.5", "TLS handshake failed");

    /**
     * Verified TLS is required ({@link TlsMode#REQUIRED}) and the peer's certificate failed: its
     * chain is not trusted or it is not valid for the host name. The handshake was abandoned, nothing
     * was sent; transient, as another MX host or a later attempt may have a valid certificate.
     */
    public static Reply peerNotVerified(String why) {
        return Reply.of(451, "4.7.5", "TLS is required, but the peer's certificate was not verified: "
                + Reply.sanitize(why, 200));
    }

    public static final Reply TLS_NOT_ACTIVE = Reply.of(451, "4.7.4", "TLS is required, but the connection is not in TLS");

    public static final Reply AUTH_NOT_POSSIBLE =
            Reply.of(451, "4.7.0", "AUTH is configured, but the peer offers no usable mechanism");

    public static Reply authFailed(Reply reply) {
        return Reply.of(451, "4.7.0", "AUTH failed: " + brief(reply));
    }

    /**
     * A greeting other than 220. Transient even for a 554: like Postfix's default
     * ({@code smtp_skip_5xx_greeting}), a refusing host defers the mail rather than bouncing it.
     */
    public static Reply greetingRefused(Reply reply) {
        return Reply.of(421, "4.3.0", "Peer refused the session: " + brief(reply));
    }

    /** EHLO and HELO both refused; transient, as a session setup problem. */
    public static Reply heloRefused(Reply reply) {
        return Reply.of(421, "4.5.0", "Peer refused EHLO/HELO: " + brief(reply));
    }

    /** The peer announced a SIZE limit below the message size (RFC 1870: do not send). */
    public static Reply tooBig(long size, long limit) {
        return Reply.of(552, "5.3.4", "Message size " + size + " exceeds the peer's limit of " + limit);
    }

    public static Reply badSender(String why) {
        return Reply.of(553, "5.1.7", "Bad sender address: " + Reply.sanitize(why, 200));
    }

    public static Reply badRecipient(String why) {
        return Reply.of(553, "5.1.3", "Bad recipient address: " + Reply.sanitize(why, 200));
    }

    /** A reply on one line, for the text of another: {@code 550 5.1.1 User unknown}. */
    public static String brief(Reply reply) {
        String s = reply.code() + (reply.enhancedCode() == null ? "" : " " + reply.enhancedCode()) + " " + reply.text();
        return Reply.sanitize(s, 200);
    }
}
