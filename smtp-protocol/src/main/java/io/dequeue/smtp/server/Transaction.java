package io.dequeue.smtp.server;

import io.dequeue.smtp.command.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The mail transaction of a session: none, or open since MAIL. Immutable; each step makes a new one. */
sealed interface Transaction {

    Transaction NONE = new None();

    /** No MAIL accepted (or RSET, EHLO, the end of the data). */
    record None() implements Transaction {
    }

    /**
     * @param mail          the accepted MAIL FROM
     * @param recipients    the accepted RCPT TOs, in order
     * @param rcptAttempts  RCPT commands tried (accepted or not), to tell "no valid recipients" from "RCPT first"
     */
    record Open(Command.Mail mail, List<Command.Rcpt> recipients, int rcptAttempts) implements Transaction {
        public Open {
            Objects.requireNonNull(mail, "mail");
            recipients = List.copyOf(recipients);
        }

        public Open(Command.Mail mail) {
            this(mail, List.of(), 0);
        }

        Open attempted() {
            return new Open(mail, recipients, rcptAttempts + 1);
        }

        Open with(Command.Rcpt rcpt) {
            List<Command.Rcpt> more = new ArrayList<>(recipients);
            more.add(rcpt);
            return new Open(mail, more, rcptAttempts);
        }

        Envelope envelope() {
            return new Envelope(mail, recipients);
        }
    }
}
