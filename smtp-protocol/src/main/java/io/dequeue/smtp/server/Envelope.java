package io.dequeue.smtp.server;

import io.dequeue.smtp.address.Mailbox;
import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.command.MailParams;

import java.util.List;
import java.util.Objects;

/**
 * The open mail transaction: the accepted MAIL command and the accepted RCPT commands, in order.
 */
public record Envelope(Command.Mail mail, List<Command.Rcpt> recipients) {

    public Envelope {
        Objects.requireNonNull(mail, "mail");
        recipients = List.copyOf(recipients);
    }

    /** The sender, or null for the null reverse path. */
    public Mailbox reversePath() {
        return mail.reversePath();
    }

    public MailParams mailParams() {
        return mail.params();
    }
}
