package io.dequeue.queue.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many store entries the topology touched: state entries iterated, bodies read, deadline
 * entries iterated. Lets tests and benchmarks show that a request costs what its domain holds and
 * a tick what is due, never what the whole store holds.
 */
public final class StoreVisits {
    private final LongAdder messages = new LongAdder();
    private final LongAdder bodies = new LongAdder();
    private final LongAdder deadlines = new LongAdder();

    void message() {
        messages.increment();
    }

    void body() {
        bodies.increment();
    }

    void deadline() {
        deadlines.increment();
    }

    /** State entries iterated by range scans. */
    public long messages() {
        return messages.sum();
    }

    /** Bodies read. */
    public long bodies() {
        return bodies.sum();
    }

    /** Deadline entries iterated. */
    public long deadlines() {
        return deadlines.sum();
    }

    public long total() {
        return messages() + bodies() + deadlines();
    }

    public void reset() {
        messages.reset();
        bodies.reset();
        deadlines.reset();
    }

    @Override
    public String toString() {
        return "StoreVisits[messages=" + messages() + ", bodies=" + bodies() + ", deadlines=" + deadlines() + "]";
    }
}
