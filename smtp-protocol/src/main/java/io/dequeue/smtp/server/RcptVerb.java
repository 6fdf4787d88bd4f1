package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;

/**
 * RCPT TO inside a transaction, up to the recipient limit ({@code 452 4.5.3}, not an error); a 2xx
 * adds the recipient, any other answer counts as an error and a junk command (harvesting).
 */
final class RcptVerb {
    private RcptVerb() {
    }

    static void handle(SmtpServerSession s, Command.Rcpt cmd) {
        Phase.Commands at = (Phase.Commands) s.phase();
        if (s.odmr()) {
            s.error(Replies.NOT_IMPLEMENTED);
        } else if (!(at.transaction() instanceof Transaction.Open tx)) {
            s.error(Replies.MAIL_FIRST);
        } else if (tx.recipients().size() >= s.config().maxRecipients()) {
            s.phase(new Phase.Commands(at.hello(), tx.attempted()));
            s.send(Replies.TOO_MANY_RECIPIENTS);
        } else {
            s.phase(new Phase.Commands(at.hello(), tx.attempted()));
            s.await(() -> s.policy().rcptTo(s, cmd), reply -> {
                if (!reply.isPositiveCompletion()) {
                    s.refused(reply);
                    return;
                }
                s.send(reply);
                if (s.phase() instanceof Phase.Commands now && now.transaction() instanceof Transaction.Open open) {
                    s.phase(new Phase.Commands(now.hello(), open.with(cmd)));
                }
            }, s::send);
        }
    }
}
