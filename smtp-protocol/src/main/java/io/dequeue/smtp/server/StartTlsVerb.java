package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;

/**
 * STARTTLS: 220, then the handshake in the {@link Phase.TlsHandshake} phase. Whatever the client
 * sent in plaintext after STARTTLS is discarded (CVE-2011-0411); afterwards EHLO, AUTH and the
 * transaction are forgotten. A failed handshake closes the connection.
 */
final class StartTlsVerb {
    private StartTlsVerb() {
    }

    static void handle(SmtpServerSession s, Command.StartTls cmd) {
        SessionTransport transport = s.transport();
        if (cmd.hasArguments()) {
            s.error(Replies.STARTTLS_SYNTAX);
            return;
        }
        if (transport.isTls()) {
            s.error(Replies.ALREADY_TLS);
            return;
        }
        if (!s.config().tlsEnabled() || !transport.isTlsAvailable()) {
            s.send(Replies.TLS_NOT_AVAILABLE);
            return;
        }
        s.send(Replies.STARTTLS_READY);
        s.framer().discardBuffered();
        s.phase(new Phase.TlsHandshake(s.phase().hello()));
        s.busy(true);
        s.flush().compose(v -> transport.upgradeToTls()).onComplete(ar -> transport.runOnContext(() -> {
            s.busy(false);
            if (s.closed()) {
                return;
            }
            if (ar.failed()) {
                s.closeSession();
                return;
            }
            s.framer().discardBuffered();
            s.authenticated(null);
            s.phase(new Phase.Commands(Hello.NONE));
            s.drive();
        }));
    }
}
