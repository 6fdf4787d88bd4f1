package io.dequeue.edge.smtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of message bodies all sessions may hold in memory together. A session reserves before it
 * grows its buffer and releases when the message is stored or dropped, so many clients declaring
 * or sending large messages at once get a temporary refusal instead of exhausting the heap.
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
