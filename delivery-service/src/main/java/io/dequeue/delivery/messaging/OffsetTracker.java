package io.dequeue.delivery.messaging;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The offsets of one partition being worked on, to commit only what is done: the committable
 * position is one past the longest run of completed offsets from the oldest one. Records finish out
 * of order (different targets); a slow one holds the commit back, never a fast one forward past it.
 * Used by the consumer thread only.
 */
final class OffsetTracker {

    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Set<Long> done = new HashSet<>();

    void add(long offset) {
        pending.addLast(offset);
    }

    void complete(long offset) {
        done.add(offset);
    }

    /** The offset to commit now (next to read), if it moved since the last call. */
    OptionalLong advance() {
        long next = -1;
        while (!pending.isEmpty() && done.remove(pending.peekFirst())) {
            next = pending.pollFirst() + 1;
        }
        return next < 0 ? OptionalLong.empty() : OptionalLong.of(next);
    }

    int inFlight() {
        return pending.size();
    }
}
