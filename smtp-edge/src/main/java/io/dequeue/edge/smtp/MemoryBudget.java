package io.dequeue.edge.smtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of message bodies all sessions may hold in memory together. A session reserves each
 * segment of its buffer as the bytes arrive and releases when the message is stored or dropped,
 * so clients sending large messages at once get a temporary refusal instead of exhausting the
 * heap, while clients that only declare a large SIZE cost nothing beyond their first segment.
 */
public final class MemoryBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public MemoryBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("budget must be positive");
        }
        this.max = max;
    }

    /** Reserves {@code bytes} if they fit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > max) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                peak.accumulateAndGet(u + bytes, Math::max);
                return true;
            }
        }
    }

    /**
     * Reserves {@code bytes} even past the limit: for memory that replaces reserved memory at once
     * (the one copy of a message at the end of its body).
     */
    public void reserve(long bytes) {
        peak.accumulateAndGet(used.addAndGet(bytes), Math::max);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long peak() {
        return peak.get();
    }

    public long max() {
        return max;
    }
}
