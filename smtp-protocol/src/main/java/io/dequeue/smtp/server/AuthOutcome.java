package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;

import java.util.Objects;

/** The application's verdict on an AUTH attempt. */
public sealed interface AuthOutcome {

    /** Authenticated as {@code identity} (the session answers {@code 235 2.7.0}). */
    record Success(String identity) implements AuthOutcome {
        public Success {
            Objects.requireNonNull(identity);
        }
    }

    /** Refused with this reply: {@code 535 5.7.8}, or {@code 454 4.7.0} for a temporary failure. */
    record Failure(Reply reply) implements AuthOutcome {
        public Failure {
            Objects.requireNonNull(reply);
        }
    }

    static AuthOutcome success(String identity) {
        return new Success(identity);
    }

    /** {@code 535 5.7.8}. */
    static AuthOutcome invalidCredentials() {
        return new Failure(Replies.AUTH_FAILED);
    }

    /** {@code 454 4.7.0}. */
    static AuthOutcome temporaryFailure() {
        return new Failure(Replies.AUTH_TEMPORARY_FAILURE);
    }
}
