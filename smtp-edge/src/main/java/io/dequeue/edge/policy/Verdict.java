package io.dequeue.edge.policy;

import io.dequeue.smtp.reply.Reply;

import java.util.Objects;

/** What a check says: nothing against it, or refuse with this reply. */
public sealed interface Verdict {

    /** The check has nothing against the request. */
    record Accept() implements Verdict {
    }

    /** Refused; {@code rule} names the check for logs and metrics. */
    record Refuse(String rule, Reply reply) implements Verdict {
        public Refuse {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reply, "reply");
        }
    }

    Verdict ACCEPT = new Accept();

    static Verdict refuse(String rule, Reply reply) {
        return new Refuse(rule, reply);
    }

    default boolean accepted() {
        return this instanceof Accept;
    }
}
