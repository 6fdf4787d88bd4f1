package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongConsumer;

/**
 * The messages released to one ATRN session, from the reply reader's thread to the session's.
 * Registered with the reply channel before the requests go out, so no message can pass unseen;
 * every message taken in is accounted back ({@code released(bytes)}) exactly once: when the
 * session is done with it, or when it is dropped.
 */
final class AtrnInbox {
    private final Deque<AtrnMessage> queue = new ArrayDeque<>();
    private final LongConsumer released;
    private Runnable arrival;
    private boolean closed;

    /** @param released called with the size of each message the session is done with */
    AtrnInbox(LongConsumer released) {
        this.released = released;
    }

    /** From the reply reader: a message for this session. */
    void offer(AtrnMessage m) {
        Runnable notify = null;
        boolean drop;
        synchronized (this) {
            drop = closed;
            if (!closed) {
                queue.addLast(m);
                notify = arrival;
            }
        }
        if (drop) {
            released.accept(m.message().length);
        } else if (notify != null) {
            notify.run();
        }
    }

    /** Runs {@code r} (on the reader's thread) whenever a message arrives; it must only hop to the session's context. */
    synchronized void onArrival(Runnable r) {
        arrival = r;
    }

    /** The next message, or null when none is waiting. */
    synchronized AtrnMessage poll() {
        return queue.pollFirst();
    }

    /** The session is done with a message it took. */
    void done(AtrnMessage m) {
        released.accept(m.message().length);
    }

    /** Drops what is waiting and everything that comes later. */
    void close() {
        Deque<AtrnMessage> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            arrival = null;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
        }
        for (AtrnMessage m : dropped) {
            released.accept(m.message().length);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized int waiting() {
        return queue.size();
    }
}
