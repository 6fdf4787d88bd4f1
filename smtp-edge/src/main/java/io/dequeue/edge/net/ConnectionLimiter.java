package io.dequeue.edge.net;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the open connections of one listener, overall and per client IP. Thread-safe (a listener's
 * connections arrive on several event loops); memory is bounded by the overall cap, since a client
 * IP is tracked only while it holds a connection.
 *
 * <p>Two steps, so a PROXY-protocol listener can count a connection at accept time and its real
 * client once the header is read: {@link #admit()} takes a slot of the overall cap;
 * {@link Permit#identify(String)} charges it to a client IP. {@link #admit(String)} does both.
 * Past either cap the caller answers {@code 421 4.7.0} and closes.
 */
public final class ConnectionLimiter {

    /** Which cap refused a connection. */
    public enum Limit { TOTAL, PER_CLIENT }

    /** The limiter's decision. */
    public sealed interface Admission permits Admitted, Refused {
    }

    /** Admitted: release the permit when the connection ends. */
    public record Admitted(Permit permit) implements Admission {
    }

    /** Refused by this cap. */
    public record Refused(Limit limit) implements Admission {
    }

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

    /**
     * @param maxTotal     most open connections (at least 1)
     * @param maxPerClient most open connections of one client IP (at least 1)
     */
    public ConnectionLimiter(int maxTotal, int maxPerClient) {
        if (maxTotal < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Takes a slot of the overall cap. */
    public Admission admit() {
        while (true) {
            int n = total.get();
            if (n >= maxTotal) {
                return new Refused(Limit.TOTAL);
            }
            if (total.compareAndSet(n, n + 1)) {
                return new Admitted(new Permit());
            }
        }
    }

    /** Takes a slot of the overall cap and charges it to {@code clientIp}; nothing is held when refused. */
    public Admission admit(String clientIp) {
        Admission a = admit();
        if (a instanceof Admitted ok) {
            Admission b = ok.permit().identify(clientIp);
            if (b instanceof Refused) {
                ok.permit().release();
            }
            return b;
        }
        return a;
    }

    /** Open connections now. */
    public int active() {
        return total.get();
    }

    /** Open connections charged to this client now. */
    public int active(String clientIp) {
        AtomicInteger c = perClient.get(clientIp);
        return c == null ? 0 : c.get();
    }

    /** Client IPs tracked now (only those with an open connection). */
    public int trackedClients() {
        return perClient.size();
    }

    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerClient() {
        return maxPerClient;
    }

    /** One admitted connection. {@link #release()} is idempotent. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile String client;

        private Permit() {
        }

        /**
         * Charges this connection to {@code clientIp}. When refused, the permit still holds its
         * overall slot: release it after answering.
         */
        public Admission identify(String clientIp) {
            Objects.requireNonNull(clientIp, "clientIp");
            if (client != null) {
                throw new IllegalStateException("already identified");
            }
            boolean[] ok = {false};
            perClient.compute(clientIp, (k, c) -> {
                if (c == null) {
                    c = new AtomicInteger();
                }
                if (c.get() < maxPerClient) {
                    c.incrementAndGet();
                    ok[0] = true;
                }
                return c.get() == 0 ? null : c;
            });
            if (!ok[0]) {
                return new Refused(Limit.PER_CLIENT);
            }
            client = clientIp;
            return new Admitted(this);
        }

        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            String c = client;
            if (c != null) {
                perClient.computeIfPresent(c, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
            total.decrementAndGet();
        }

        /** The client this connection is charged to, or null. */
        public String client() {
            return client;
        }
    }
}
