package io.dequeue.edge.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The failure counters of one scope (logins or addresses), at most {@code maxTracked} of them.
 * When full, a new key first evicts idle counters among the least recently used, then the least
 * recently used one whatever its state, so a spray of new keys cannot grow memory. Not
 * thread-safe: {@link AuthThrottle} guards it.
 */
final class TrackedCounters {
    /** How many of the oldest entries are examined for idle ones before the oldest is evicted. */
    static final int EVICTION_SCAN = 64;

    private final int maxTracked;
    private final long windowMillis;
    private final LinkedHashMap<String, FailureCounter> counters = new LinkedHashMap<>(16, 0.75f, true);

    TrackedCounters(int maxTracked, long windowMillis) {
        this.maxTracked = maxTracked;
        this.windowMillis = windowMillis;
    }

    /** The counter of {@code key}, created (and room made for it) when absent. */
    FailureCounter get(String key, long now) {
        FailureCounter c = counters.get(key);
        if (c == null) {
            makeRoom(now);
            c = new FailureCounter(key, windowMillis);
            counters.put(key, c);
        }
        return c;
    }

    long lockedUntil(String key, long now) {
        FailureCounter c = counters.get(key);
        return c == null ? 0 : c.lockedUntil(now);
    }

    void forgetIfIdle(FailureCounter c, long now) {
        if (c.idle(now) && counters.get(c.key) == c) {
            counters.remove(c.key);
        }
    }

    int size() {
        return counters.size();
    }

    private void makeRoom(long now) {
        if (counters.size() < maxTracked) {
            return;
        }
        Iterator<FailureCounter> it = counters.values().iterator();
        for (int i = 0; i < EVICTION_SCAN && it.hasNext(); i++) {
            if (it.next().idle(now)) {
                it.remove();
            }
        }
        it = counters.values().iterator();
        while (counters.size() >= maxTracked && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
