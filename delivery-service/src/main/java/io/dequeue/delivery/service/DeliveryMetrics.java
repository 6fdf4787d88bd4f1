package io.dequeue.delivery.service;

import io.dequeue.delivery.dns.MxRecord;
import io.dequeue.delivery.dns.DnsAnswer;
import io.dequeue.delivery.dns.Resolver;
import io.dequeue.smtp.client.RecipientOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * The service's Micrometer meters: connections opened and failed, messages by result, bytes sent,
 * recipient replies by class, DNS lookup time, stale releases, dropped DSNs.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Counter connectionsOpened;
    private final Counter connectionsFailed;
    private final Counter bytes;
    private final Counter stale;
    private final Counter dsnDropped;
    private final Counter malformed;
    private final Timer mxLookups;
    private final Timer addressLookups;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        connectionsOpened = Counter.builder("dequeue.delivery.connections.opened")
                .description("SMTP connections opened and set up").register(registry);
        connectionsFailed = Counter.builder("dequeue.delivery.connections.failed")
                .description("SMTP connection attempts that failed (connect, greeting, EHLO, TLS, AUTH)")
                .register(registry);
        bytes = Counter.builder("dequeue.delivery.bytes").baseUnit("bytes")
                .description("message bytes written after DATA").register(registry);
        stale = Counter.builder("dequeue.delivery.releases.stale")
                .description("releases skipped because their lease deadline had passed").register(registry);
        dsnDropped = Counter.builder("dequeue.delivery.dsn.dropped")
                .description("gateway-made DSNs that failed permanently (never bounced)").register(registry);
        malformed = Counter.builder("dequeue.delivery.releases.malformed")
                .description("mail.released records that could not be read").register(registry);
        mxLookups = Timer.builder("dequeue.delivery.dns.lookup").tag("type", "mx")
                .description("DNS lookup time").register(registry);
        addressLookups = Timer.builder("dequeue.delivery.dns.lookup").tag("type", "address")
                .description("DNS lookup time").register(registry);
        // every reply class from the start, so that its series (and rate()) exist before the first delivery
        for (String c : new String[] {"2xx", "4xx", "5xx", "local"}) {
            registry.counter("dequeue.delivery.replies", "class", c);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        connectionsOpened.increment();
    }

    public void connectionFailed() {
        connectionsFailed.increment();
    }

    /** One message attempted, by result: delivered, deferred, failed, mixed, stale, not-sent. */
    public void message(String result) {
        registry.counter("dequeue.delivery.messages", "result", result).increment();
    }

    public void bytes(long n) {
        bytes.increment(n);
    }

    /**
     * One recipient's outcome by reply class: 2xx, 4xx or 5xx from the peer during the message
     * transaction, or {@code local} when the message never reached one (no target, DNS, connection,
     * TLS or session setup failed, shutting down).
     */
    public void reply(RecipientOutcome outcome, boolean local) {
        registry.counter("dequeue.delivery.replies", "class", local ? "local" : outcome.reply().code() / 100 + "xx")
                .increment();
    }

    public void stale() {
        stale.increment();
    }

    public void dsnDropped() {
        dsnDropped.increment();
    }

    /**
     * One body named by a release ({@code dq_accepted_*}) looked up in {@code mail.accepted}, by
     * result: {@code read}, {@code missing} (gone for good: a permanent outcome) or
     * {@code unavailable} (the broker did not answer: tried again).
     */
    public void body(String result) {
        registry.counter("dequeue.delivery.bodies", "result", result).increment();
    }

    public void malformed() {
        malformed.increment();
    }

    /** A resolver that times every lookup. */
    public Resolver timed(Resolver resolver) {
        return new Resolver() {
            @Override
            public DnsAnswer<MxRecord> mx(String domain) {
                return time(mxLookups, () -> resolver.mx(domain));
            }

            @Override
            public DnsAnswer<InetAddress> addresses(String host) {
                return time(addressLookups, () -> resolver.addresses(host));
            }
        };
    }

    private static <T> T time(Timer timer, Supplier<T> lookup) {
        long t0 = System.nanoTime();
        try {
            return lookup.get();
        } finally {
            timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
