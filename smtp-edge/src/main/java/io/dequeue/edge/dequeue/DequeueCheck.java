package io.dequeue.edge.dequeue;

/** One access rule for dequeue requests; {@link DequeuePolicy} applies them in order. */
@FunctionalInterface
public interface DequeueCheck {
    CheckResult check(DequeueAsk ask);
}
