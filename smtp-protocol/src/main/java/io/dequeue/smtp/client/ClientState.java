package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;

/**
 * Where a client session is; each state holds what it needs. Immutable: the session replaces its
 * state on its context, and other threads only read it.
 */
sealed interface ClientState {

    /** What setup learned, or null while opening or after a failed setup. */
    Peer peer();

    /** What the peer said while the session was set up: its 220, and its EHLO (after TLS: the second). */
    record Peer(Reply greeting, Capabilities capabilities) {
    }

    /** Greeting, EHLO, STARTTLS and AUTH under way. */
    record Opening() implements ClientState {
        @Override
        public Peer peer() {
            return null;
        }
    }

    /**
     * Set up, no message in progress.
     *
     * @param needsReset the last transaction was left open on the peer (refused MAIL, no recipient
     *                   accepted, refused DATA): RSET before the next one (RFC 5321 4.1.1.4: the
     *                   reply to the end of data ends a transaction, whatever it says)
     */
    record Idle(Peer peer, boolean needsReset) implements ClientState {
    }

    /** One message in progress ({@link SmtpClientSession#send}). */
    record Sending(Peer peer) implements ClientState {
    }

    /** QUIT sent, or the connection closed or given up; {@code peer} is null when the setup failed. */
    record Closed(Peer peer) implements ClientState {
    }
}
