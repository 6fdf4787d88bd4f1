package io.dequeue.smtp.command;

import io.dequeue.smtp.address.Mailbox;

import java.util.List;
import java.util.Objects;

/**
 * One parsed SMTP command. Each verb is a record; {@link #kind()} gives an enum so a session can
 * dispatch with an exhaustive {@code switch} expression (Java 17 has no pattern switch).
 * Every string held here has been validated by {@link CommandParser}.
 */
public sealed interface Command {

    /** One constant per record type. */
    enum Kind {
        EHLO, HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, VRFY, EXPN, HELP, STARTTLS, AUTH, ETRN, ATRN, TURN, BDAT, UNKNOWN
    }

    Kind kind();

    /** {@code EHLO domain-or-literal}, lower-cased. */
    record Ehlo(String domain) implements Command {
        public Ehlo {
            Objects.requireNonNull(domain);
        }

        public Kind kind() {
            return Kind.EHLO;
        }
    }

    /** {@code HELO domain-or-literal}, lower-cased. */
    record Helo(String domain) implements Command {
        public Helo {
            Objects.requireNonNull(domain);
        }

        public Kind kind() {
            return Kind.HELO;
        }
    }

    /** {@code MAIL FROM:<path> [params]}; reversePath is null for the null path {@code <>}. */
    record Mail(Mailbox reversePath, MailParams params) implements Command {
        public Mail {
            Objects.requireNonNull(params);
        }

        public boolean isNullReversePath() {
            return reversePath == null;
        }

        public Kind kind() {
            return Kind.MAIL;
        }
    }

    /** {@code RCPT TO:<path> [params]}. */
    record Rcpt(Mailbox forwardPath, RcptParams params) implements Command {
        public Rcpt {
            Objects.requireNonNull(forwardPath);
            Objects.requireNonNull(params);
        }

        public Kind kind() {
            return Kind.RCPT;
        }
    }

    record Data() implements Command {
        public Kind kind() {
            return Kind.DATA;
        }
    }

    record Rset() implements Command {
        public Kind kind() {
            return Kind.RSET;
        }
    }

    record Noop() implements Command {
        public Kind kind() {
            return Kind.NOOP;
        }
    }

    record Quit() implements Command {
        public Kind kind() {
            return Kind.QUIT;
        }
    }

    /** {@code VRFY string}; the argument is printable ASCII and never echoed. */
    record Vrfy(String argument) implements Command {
        public Kind kind() {
            return Kind.VRFY;
        }
    }

    /** {@code EXPN string}; the argument is printable ASCII and never echoed. */
    record Expn(String argument) implements Command {
        public Kind kind() {
            return Kind.EXPN;
        }
    }

    /** {@code HELP [topic]}; topic is empty when absent. */
    record Help(String topic) implements Command {
        public Kind kind() {
            return Kind.HELP;
        }
    }

    /** {@code STARTTLS}; arguments are not allowed (the session answers 501). */
    record StartTls(boolean hasArguments) implements Command {
        public Kind kind() {
            return Kind.STARTTLS;
        }
    }

    /**
     * {@code AUTH mechanism [initial-response]}: mechanism upper-cased; initialResponse is the
     * base64 text as sent ({@code "="} for empty), or null when absent. Not decoded here.
     */
    record Auth(String mechanism, String initialResponse) implements Command {
        public Auth {
            Objects.requireNonNull(mechanism);
        }

        public boolean hasInitialResponse() {
            return initialResponse != null;
        }

        public Kind kind() {
            return Kind.AUTH;
        }
    }

    /** {@code ETRN node | @domain | #queue} (RFC 1985). */
    record Etrn(EtrnArgument argument) implements Command {
        public Etrn {
            Objects.requireNonNull(argument);
        }

        public Kind kind() {
            return Kind.ETRN;
        }
    }

    /** The ETRN argument forms. */
    sealed interface EtrnArgument {
        /** The text the node is named by in replies: {@code example.net}, {@code @example.net}, {@code #q}. */
        String display();
    }

    /** {@code ETRN example.net} or {@code ETRN [192.0.2.1]}: that node only. */
    record Node(String domain) implements EtrnArgument {
        public String display() {
            return domain;
        }
    }

    /** {@code ETRN @example.net}: the domain and every subdomain. */
    record Subtree(String domain) implements EtrnArgument {
        public String display() {
            return "@" + domain;
        }
    }

    /** {@code ETRN #queue} (only when the parser allows named queues). */
    record NamedQueue(String name) implements EtrnArgument {
        public String display() {
            return "#" + name;
        }
    }

    /** {@code ATRN [domain[,domain...]]}; empty list = every domain the login may pull. */
    record Atrn(List<String> domains) implements Command {
        public Atrn {
            domains = List.copyOf(domains);
        }

        public Kind kind() {
            return Kind.ATRN;
        }
    }

    record Turn() implements Command {
        public Kind kind() {
            return Kind.TURN;
        }
    }

    /** {@code BDAT} (CHUNKING is not offered; the session answers 502). */
    record Bdat() implements Command {
        public Kind kind() {
            return Kind.BDAT;
        }
    }

    /** Any other verb; {@code verb} is upper-cased, ASCII letters/digits only, at most 16 chars, for logs. */
    record Unknown(String verb) implements Command {
        public Kind kind() {
            return Kind.UNKNOWN;
        }
    }
}
