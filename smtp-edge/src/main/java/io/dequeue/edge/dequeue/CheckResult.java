package io.dequeue.edge.dequeue;

import java.util.Objects;

/** What one access check says about a {@link DequeueAsk}. */
public sealed interface CheckResult {
    /** This check has nothing against the request. */
    record Pass() implements CheckResult {
    }

    /** Refused, for this reason. */
    record Deny(Denial reason) implements CheckResult {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }

    CheckResult PASS = new Pass();

    static CheckResult deny(Denial reason) {
        return new Deny(reason);
    }

    default boolean passed() {
        return this instanceof Pass;
    }
}
