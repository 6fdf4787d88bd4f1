package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;

/** MAIL FROM: after EHLO / HELO, outside a transaction, within SIZE; a 2xx opens the transaction. */
final class MailVerb {
    private MailVerb() {
    }

    static void handle(SmtpServerSession s, Command.Mail cmd) {
        Phase.Commands at = (Phase.Commands) s.phase();
        if (s.odmr()) {
            s.error(Replies.NOT_IMPLEMENTED);
        } else if (!(at.hello() instanceof Hello.Known hello)) {
            s.error(Replies.EHLO_FIRST);
        } else if (at.transaction() instanceof Transaction.Open) {
            s.error(Replies.NESTED_MAIL);
        } else if (cmd.params().size() != null && cmd.params().size() > s.config().maxMessageSize()) {
            s.send(Replies.MESSAGE_TOO_BIG);
        } else {
            s.await(() -> s.policy().mailFrom(s, cmd), reply -> {
                s.send(reply);
                if (reply.isPositiveCompletion() && !s.closed()) {
                    s.phase(new Phase.Commands(hello, new Transaction.Open(cmd)));
                }
            }, s::send);
        }
    }
}
