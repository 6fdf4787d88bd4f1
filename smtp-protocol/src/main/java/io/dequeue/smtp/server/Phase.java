package io.dequeue.smtp.server;

import io.dequeue.smtp.sasl.SaslServerMechanism;

import java.util.Objects;

/**
 * Where a server session stands, with the data that belongs there; the session dispatches input
 * and commands with an exhaustive switch over it, so what a command may do follows from the
 * variant (MAIL needs {@link Commands} with a known {@link Hello}, a body line needs {@link Data},
 * a SASL response needs {@link Sasl}, ...). {@link #state()} gives the coarse public {@link State}.
 * (Java 17 has no pattern switch: the switch is over {@link #kind()}, each kind one variant.)
 */
sealed interface Phase {

    /** One per variant, for exhaustive switches. */
    enum Kind { GREETING, COMMANDS, DATA, SASL, TLS_HANDSHAKE, AWAITING_GRANT, REVERSED, CLOSED }

    Kind kind();

    /** What EHLO / HELO established (kept after the session closed or was reversed, for the policy). */
    Hello hello();

    State state();

    /** Connected, greeting not sent yet; a client that talks now is dropped when it is due. */
    record Greeting(boolean earlyTalker) implements Phase {
        @Override
        public Kind kind() {
            return Kind.GREETING;
        }

        @Override
        public Hello hello() {
            return Hello.NONE;
        }

        @Override
        public State state() {
            return State.CONNECTED;
        }
    }

    /** Reading commands: before EHLO, after it, or inside a mail transaction. */
    record Commands(Hello hello, Transaction transaction) implements Phase {
        @Override
        public Kind kind() {
            return Kind.COMMANDS;
        }

        public Commands {
            Objects.requireNonNull(hello, "hello");
            Objects.requireNonNull(transaction, "transaction");
            if (hello instanceof Hello.None && transaction instanceof Transaction.Open) {
                throw new IllegalArgumentException("a transaction needs EHLO / HELO");
            }
        }

        public Commands(Hello hello) {
            this(hello, Transaction.NONE);
        }

        @Override
        public State state() {
            if (transaction instanceof Transaction.Open open) {
                return open.recipients().isEmpty() ? State.MAIL : State.RCPT;
            }
            return hello instanceof Hello.Known ? State.READY : State.GREETED;
        }
    }

    /** After 354: the body goes to {@code body} until the end of data and its answer. */
    record Data(Hello.Known hello, Transaction.Open transaction, Body body) implements Phase {
        @Override
        public Kind kind() {
            return Kind.DATA;
        }

        @Override
        public State state() {
            return State.DATA;
        }
    }

    /** Inside a SASL exchange: the next line answers a 334 challenge. */
    record Sasl(Hello.Known hello, SaslServerMechanism mechanism) implements Phase {
        @Override
        public Kind kind() {
            return Kind.SASL;
        }

        @Override
        public State state() {
            return State.AUTH_CHALLENGE;
        }
    }

    /** 220 to STARTTLS sent, handshake running; input is discarded. */
    record TlsHandshake(Hello hello) implements Phase {
        @Override
        public Kind kind() {
            return Kind.TLS_HANDSHAKE;
        }

        @Override
        public State state() {
            return State.TLS_HANDSHAKE;
        }
    }

    /** ATRN asked the policy for its grant: any byte from the client now refuses the turn. */
    record AwaitingGrant(Hello.Known hello) implements Phase {
        @Override
        public Kind kind() {
            return Kind.AWAITING_GRANT;
        }

        @Override
        public State state() {
            return State.READY;
        }
    }

    /** ATRN granted: the transport belongs to the reversed session. */
    record Reversed(Hello hello) implements Phase {
        @Override
        public Kind kind() {
            return Kind.REVERSED;
        }

        @Override
        public State state() {
            return State.REVERSED;
        }
    }

    /** Closed, or QUIT received; further input is ignored. */
    record Closed(Hello hello) implements Phase {
        @Override
        public Kind kind() {
            return Kind.CLOSED;
        }

        @Override
        public State state() {
            return State.CLOSED;
        }
    }
}
