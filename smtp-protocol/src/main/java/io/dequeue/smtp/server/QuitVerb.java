package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;

/** QUIT: 221 and close. */
final class QuitVerb {
    private QuitVerb() {
    }

    static void handle(SmtpServerSession s) {
        s.send(Replies.QUIT);
        s.closeSession();
    }
}
