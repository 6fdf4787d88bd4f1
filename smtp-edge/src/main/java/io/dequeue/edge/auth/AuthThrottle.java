package io.dequeue.edge.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed AUTH attempts per client IP in a sliding window; past the limit, that IP's AUTH is
 * refused until old failures age out. Memory is bounded: at most {@code maxTrackedClients} IPs are
 * tracked, and the oldest are forgotten first.
 */
public final class AuthThrottle {
    private final int maxFailures;
    private final Duration window;
    private final int maxTrackedClients;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public AuthThrottle(int maxFailures, Duration window, int maxTrackedClients, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxTrackedClients = maxTrackedClients;
        this.clock = clock;
    }

    /** Whether the client may try to authenticate now. */
    public boolean allows(String clientIp) {
        Deque<Long> d = failures.get(clientIp);
        if (d == null) {
            return true;
        }
        synchronized (d) {
            prune(d);
            return d.size() < maxFailures;
        }
    }

    public void failed(String clientIp) {
        if (failures.size() >= maxTrackedClients && !failures.containsKey(clientIp)) {
            evictStale();
        }
        Deque<Long> d = failures.computeIfAbsent(clientIp, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d);
            d.addLast(clock.millis());
            while (d.size() > maxFailures) {
                d.removeFirst();
            }
        }
    }

    public void succeeded(String clientIp) {
        failures.remove(clientIp);
    }

    int trackedClients() {
        return failures.size();
    }

    private void prune(Deque<Long> d) {
        long cutoff = clock.millis() - window.toMillis();
        while (!d.isEmpty() && d.peekFirst() < cutoff) {
            d.removeFirst();
        }
    }

    private void evictStale() {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue());
                return e.getValue().isEmpty();
            }
        });
        if (failures.size() >= maxTrackedClients) {
            // Still full of active offenders: forget one arbitrary entry rather than grow.
            failures.keySet().stream().findAny().ifPresent(failures::remove);
        }
    }
}
