package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;
import io.dequeue.edge.kafka.AtrnSink;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * The messages released to one ATRN session, from the reply reader's thread to the session's, in
 * order. An entry is a message in memory or a reference to its record (when the session already
 * held its share); a reference at the head is read again when the session asks for it, and the
 * session is told when it has arrived. Registered with the reply channel before the requests go
 * out, so no message can pass unseen; every message in memory is accounted back
 * ({@code released(bytes)}) exactly once: when the session is done with it, or when it is dropped.
 */
final class AtrnInbox implements AtrnSink {
    private static final Logger LOG = Logger.getLogger(AtrnInbox.class);

    /** A message left in the partition; {@code loading} once it is being read again. */
    private static final class Ref {
        final long offset;
        boolean loading;

        Ref(long offset) {
            this.offset = offset;
        }
    }

    private final Deque<Object> queue = new ArrayDeque<>();
    private final LongConsumer released;
    private final LongFunction<CompletableFuture<AtrnMessage>> reread;
    private Runnable arrival;
    private boolean closed;

    /**
     * @param released called with the size of each message in memory the session is done with
     * @param reread   reads the message at an offset again (its bytes then count as held)
     */
    AtrnInbox(LongConsumer released, LongFunction<CompletableFuture<AtrnMessage>> reread) {
        this.released = released;
        this.reread = reread;
    }

    /** From the reply reader: a message for this session, in memory. */
    @Override
    public void message(AtrnMessage m) {
        if (!add(m)) {
            released.accept(m.message().length);
        }
    }

    /** From the reply reader: a message for this session, left in the partition. */
    @Override
    public void reference(long offset, int bytes) {
        add(new Ref(offset));
    }

    private boolean add(Object entry) {
        Runnable notify;
        synchronized (this) {
            if (closed) {
                return false;
            }
            queue.addLast(entry);
            notify = arrival;
        }
        if (notify != null) {
            notify.run();
        }
        return true;
    }

    /** Runs {@code r} (on any thread) whenever a message arrives; it must only hop to the session's context. */
    synchronized void onArrival(Runnable r) {
        arrival = r;
    }

    /**
     * The next message, or null when none is ready: nothing waiting, or the next is being read
     * again (the arrival callback runs when it is there).
     */
    AtrnMessage poll() {
        Ref load;
        synchronized (this) {
            Object head = queue.peekFirst();
            if (head == null) {
                return null;
            }
            if (head instanceof AtrnMessage m) {
                queue.pollFirst();
                return m;
            }
            Ref ref = (Ref) head;
            if (ref.loading) {
                return null;
            }
            ref.loading = true;
            load = ref;
        }
        reread.apply(load.offset).whenComplete((m, e) -> loaded(load, m, e));
        return null;
    }

    private void loaded(Ref ref, AtrnMessage m, Throwable e) {
        Runnable notify;
        boolean drop;
        synchronized (this) {
            drop = closed;
            if (!closed) {
                if (e == null) {
                    queue.removeFirstOccurrence(ref);
                    queue.addFirst(m);
                } else {
                    // Gone from the partition: it stays leased and returns to HELD at the end of the session.
                    queue.removeFirstOccurrence(ref);
                    LOG.warnf("released message at offset %d not read again: %s", ref.offset, e.toString());
                }
            }
            notify = arrival;
        }
        if (drop && m != null) {
            released.accept(m.message().length);
        } else if (notify != null) {
            notify.run();
        }
    }

    /** The session is done with a message it took. */
    void done(AtrnMessage m) {
        released.accept(m.message().length);
    }

    /** Drops what is waiting and everything that comes later. */
    void close() {
        Deque<Object> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            arrival = null;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
        }
        for (Object o : dropped) {
            if (o instanceof AtrnMessage m) {
                released.accept(m.message().length);
            }
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Messages waiting, in memory or as references. */
    synchronized int waiting() {
        return queue.size();
    }

    /** References waiting (for tests). */
    synchronized int references() {
        return (int) queue.stream().filter(Ref.class::isInstance).count();
    }
}
