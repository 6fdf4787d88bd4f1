package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;

/**
 * ETRN (RFC 1985) on the SMTP port, after EHLO, outside a transaction; the policy answers. Any
 * refusal (4xx / 5xx) counts as an error and a junk command.
 */
final class EtrnVerb {
    private EtrnVerb() {
    }

    static void handle(SmtpServerSession s, Command.Etrn cmd) {
        Reply refusal = refusal(s);
        if (refusal != null) {
            s.refused(refusal);
            return;
        }
        s.countEtrn();
        s.await(() -> s.policy().etrn(s, cmd), reply -> {
            if (reply.code() >= 400) {
                s.refused(reply);
            } else {
                s.send(reply);
            }
        }, s::send);
    }

    /** An ETRN line that did not parse: why ETRN is not possible here comes first, then the syntax. */
    static void unparsed(SmtpServerSession s, Reply syntax) {
        Reply refusal = refusal(s);
        s.error(refusal != null ? refusal : syntax);
    }

    /**
     * Why ETRN cannot be used here and now, whatever its argument (ETRN off: 502; before EHLO or
     * inside a transaction: 503), or null. These come before the argument's checks (500, 501).
     */
    private static Reply refusal(SmtpServerSession s) {
        if (s.odmr() || !s.config().etrnEnabled()) {
            return Replies.ETRN_DISABLED;
        }
        if (!(s.phase() instanceof Phase.Commands at) || !(at.hello() instanceof Hello.Known)
                || at.transaction() instanceof Transaction.Open) {
            return Replies.ETRN_BAD_SEQUENCE;
        }
        return null;
    }
}
