package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;

/**
 * ATRN (RFC 2645) on the ODMR port: after EHLO and AUTH, outside a transaction. The policy's grant
 * is awaited in the {@link Phase.AwaitingGrant} phase, reading on: the client may not send a byte
 * before our 250 (it would reach the reversed session as the customer's greeting), so any byte,
 * in the ATRN line's segment or later, refuses the turn and closes; a grant that comes after that
 * is given back ({@link SessionPolicy#atrnAbandoned}). On 250 the transport goes to
 * {@link SessionPolicy#reversed}.
 */
final class AtrnVerb {
    private AtrnVerb() {
    }

    static void handle(SmtpServerSession s, Command.Atrn cmd) {
        Phase.Commands at = (Phase.Commands) s.phase();
        if (!s.config().atrnEnabled() || !s.odmr()) {
            s.error(Replies.ATRN_DISABLED);
        } else if (!(at.hello() instanceof Hello.Known hello)) {
            s.error(Replies.EHLO_FIRST);
        } else if (at.transaction() instanceof Transaction.Open) {
            s.error(Replies.ATRN_IN_TRANSACTION);
        } else if (s.authenticatedIdentity() == null) {
            s.send(Replies.ATRN_AUTH_REQUIRED);
        } else if (s.framer().buffered() > 0) {
            s.send(Replies.ATRN_REFUSED);
            s.closeSession();
        } else {
            s.phase(new Phase.AwaitingGrant(hello));
            s.await(() -> s.policy().atrn(s, cmd), reply -> {
                if (s.closed()) {
                    // the client talked past ATRN (or hung up) meanwhile
                    if (reply.code() == 250) {
                        s.policy().atrnAbandoned(s);
                    }
                    return;
                }
                s.phase(new Phase.Commands(hello));
                if (reply.code() != 250) {
                    s.send(reply);
                    return;
                }
                if (s.framer().buffered() > 0) {
                    s.policy().atrnAbandoned(s);
                    s.send(Replies.ATRN_REFUSED);
                    s.closeSession();
                    return;
                }
                s.send(reply);
                s.flush();
                s.handOver();
            }, reply -> {
                if (!s.closed()) {
                    s.phase(new Phase.Commands(hello));
                    s.send(reply);
                }
            });
        }
    }

    /** A byte came while the grant was awaited: refused and closed at once. */
    static void talkedPast(SmtpServerSession s) {
        s.verb("ATRN");
        s.send(Replies.ATRN_REFUSED);
        s.closeSession();
    }
}
