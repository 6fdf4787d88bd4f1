package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;
import io.dequeue.edge.kafka.AtrnSink;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * The messages released to one ATRN session, from the reply reader's thread to the session's, in
 * order. An entry is a message in memory or a reference to its record (when the session already
 * held its share). References are read again ahead of the session, in order, a bounded window at a
 * time ({@code readAheadBytes}, at least the next one), so the session finds the next message
 * ready instead of waiting for one record at a time; the session is told when one has arrived.
 * Registered with the reply channel before the requests go out, so no message can pass unseen;
 * every message in memory is accounted back ({@code released(bytes)}) exactly once: when the
 * session is done with it, or when it is dropped.
 */
final class AtrnInbox implements AtrnSink {
    private static final Logger LOG = Logger.getLogger(AtrnInbox.class);
    /** Most references being read again at once. */
    static final int MAX_READ_AHEAD = 64;

    /** A message left in the partition; {@code loaded} once it was read again. */
    private static final class Ref {
        final long offset;
        final int bytes;
        AtrnMessage loaded;

        Ref(long offset, int bytes) {
            this.offset = offset;
            this.bytes = bytes;
        }
    }

    private final Deque<Object> queue = new ArrayDeque<>();
    /** The references of {@code queue} not asked for yet, in order. */
    private final Deque<Ref> unread = new ArrayDeque<>();
    private final LongConsumer released;
    private final LongFunction<CompletableFuture<AtrnMessage>> reread;
    private final long readAheadBytes;
    private Runnable arrival;
    private boolean closed;
    /** References asked for or read and not yet taken by the session: how many, and their bytes. */
    private int ahead;
    private long aheadBytes;
    /** The thread inside {@link #poll} starting reads, while it does. */
    private volatile Thread polling;

    /**
     * @param released called with the size of each message in memory the session is done with
     * @param reread   reads the message at an offset again (its bytes then count as held)
     * @param readAheadBytes most bytes of references read again before the session takes them
     *                       (the next one is always read)
     */
    AtrnInbox(LongConsumer released, LongFunction<CompletableFuture<AtrnMessage>> reread, long readAheadBytes) {
        this.released = released;
        this.reread = reread;
        this.readAheadBytes = readAheadBytes;
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
        add(new Ref(offset, bytes));
    }

    private boolean add(Object entry) {
        Runnable notify;
        synchronized (this) {
            if (closed) {
                return false;
            }
            queue.addLast(entry);
            if (entry instanceof Ref ref) {
                unread.addLast(ref);
            }
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
     * again (the arrival callback runs when it is there, never from inside this call). Starts
     * reading the references ahead.
     */
    AtrnMessage poll() {
        while (true) {
            AtrnMessage next;
            List<Ref> load;
            synchronized (this) {
                next = takeHead();
                load = readAhead();
            }
            if (load.isEmpty()) {
                return next;
            }
            // A read that is already complete runs loaded() right here: it must not call the session
            // back from inside its own poll (the session polls again once it is free).
            polling = Thread.currentThread();
            try {
                for (Ref ref : load) {
                    reread.apply(ref.offset).whenComplete((m, e) -> loaded(ref, m, e));
                }
            } finally {
                polling = null;
            }
            if (next != null) {
                return next;
            }
            synchronized (this) {
                next = takeHead();
            }
            if (next != null) {
                return next;
            }
            // again: a read that failed at once has made room for the next references
        }
    }

    /** The head when it is in memory (taken off the queue), else null. */
    private AtrnMessage takeHead() {
        Object head = queue.peekFirst();
        if (head instanceof AtrnMessage m) {
            queue.pollFirst();
            return m;
        }
        if (head instanceof Ref ref && ref.loaded != null) {
            queue.pollFirst();
            ahead--;
            aheadBytes -= ref.bytes;
            return ref.loaded;
        }
        return null;
    }

    /** The references to read again now, in order, within the window. */
    private List<Ref> readAhead() {
        List<Ref> load = List.of();
        while (!closed && ahead < MAX_READ_AHEAD && !unread.isEmpty()) {
            Ref ref = unread.peekFirst();
            if (ahead > 0 && aheadBytes + ref.bytes > readAheadBytes) {
                break;
            }
            unread.pollFirst();
            ahead++;
            aheadBytes += ref.bytes;
            if (load.isEmpty()) {
                load = new ArrayList<>();
            }
            load.add(ref);
        }
        return load;
    }

    private void loaded(Ref ref, AtrnMessage m, Throwable e) {
        boolean inline = polling == Thread.currentThread();
        Runnable notify;
        boolean drop;
        synchronized (this) {
            drop = closed;
            if (!closed) {
                if (e == null) {
                    ref.loaded = m;
                } else {
                    // Gone from the partition: it stays leased and returns to HELD at the end of the session.
                    queue.removeFirstOccurrence(ref);
                    ahead--;
                    aheadBytes -= ref.bytes;
                    LOG.warnf("released message at offset %d not read again: %s", ref.offset, e.toString());
                }
            }
            notify = inline ? null : arrival;
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
            unread.clear();
        }
        for (Object o : dropped) {
            if (o instanceof AtrnMessage m) {
                released.accept(m.message().length);
            } else if (o instanceof Ref ref && ref.loaded != null) {
                released.accept(ref.loaded.message().length);
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
