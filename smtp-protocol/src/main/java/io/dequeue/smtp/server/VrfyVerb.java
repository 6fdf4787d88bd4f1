package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;

/** VRFY: never verifies (252, a junk command); not on the ODMR port (502). */
final class VrfyVerb {
    private VrfyVerb() {
    }

    static void handle(SmtpServerSession s) {
        if (s.odmr()) {
            s.error(Replies.NOT_IMPLEMENTED);
        } else {
            s.junk(Replies.VRFY_CANNOT_VERIFY);
        }
    }
}
