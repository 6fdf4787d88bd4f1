package io.dequeue.edge.auth;

import java.util.ArrayDeque;

/**
 * The recent AUTH failures of one login or one client address, its attempts in flight, and its
 * lockout. Not thread-safe: {@link AuthThrottle} guards every counter with its own monitor.
 */
final class FailureCounter {
    final String key;
    private final long windowMillis;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private int pending;
    private long lockedUntil;

    FailureCounter(String key, long windowMillis) {
        this.key = key;
        this.windowMillis = windowMillis;
    }

    /** Whether one more attempt may start: not locked, and failures plus attempts in flight below {@code max}. */
    boolean hasSlot(long now, int max) {
        refresh(now);
        return lockedUntil == 0 && failures.size() + pending < max;
    }

    void reserve() {
        pending++;
    }

    void release() {
        if (pending > 0) {
            pending--;
        }
    }

    /** Counts a failure; true when it starts a lockout (reached {@code max} in the window). */
    boolean fail(long now, int max, long lockoutMillis) {
        refresh(now);
        failures.addLast(now);
        while (failures.size() > max) {
            failures.removeFirst();
        }
        if (lockedUntil == 0 && failures.size() >= max) {
            lockedUntil = now + lockoutMillis;
            return true;
        }
        return false;
    }

    void clearFailures() {
        failures.clear();
    }

    int failures() {
        return failures.size();
    }

    /** The end of the lockout, or 0 when not locked. */
    long lockedUntil(long now) {
        refresh(now);
        return lockedUntil;
    }

    /** Nothing to remember: no failure in the window, no lockout, no attempt in flight. */
    boolean idle(long now) {
        refresh(now);
        return pending == 0 && lockedUntil == 0 && failures.isEmpty();
    }

    /** Ends an expired lockout (with the failures that caused it) and forgets failures older than the window. */
    private void refresh(long now) {
        if (lockedUntil != 0 && now >= lockedUntil) {
            lockedUntil = 0;
            failures.clear();
        }
        if (lockedUntil == 0) {
            long cutoff = now - windowMillis;
            while (!failures.isEmpty() && failures.peekFirst() <= cutoff) {
                failures.removeFirst();
            }
        }
    }
}
