package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;

/** RSET: ends any open transaction; a junk command. */
final class RsetVerb {
    private RsetVerb() {
    }

    static void handle(SmtpServerSession s) {
        s.phase(new Phase.Commands(s.phase().hello()));
        s.junk(Replies.RSET);
    }
}
