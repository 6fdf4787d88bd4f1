package io.dequeue.edge.policy;

/** One rule applied to every RCPT TO. */
@FunctionalInterface
public interface RecipientCheck {
    Verdict check(RecipientRequest request);
}
