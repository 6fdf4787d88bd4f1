package io.dequeue.queue;

import io.dequeue.queue.topology.QueueMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The topology's counters as Micrometer metrics (at /q/metrics on the management port). Every tag
 * value comes from a fixed set; the per-domain gauges are {@link io.dequeue.queue.metrics.DomainGauges}.
 */
@ApplicationScoped
public class MicrometerQueueMetrics implements QueueMetrics {
    @Inject
    MeterRegistry registry;

    /**
     * The counters of every known tag value start at zero, so that their series (and rate()) exist
     * before the first event.
     */
    void registerAtStart(@Observes StartupEvent event) {
        for (String r : List.of("refused", "none", "in-flight", "released")) {
            registry.counter("dequeue.queue.etrn", "result", r);
        }
        for (String r : List.of("refused", "busy", "no-mail", "granted")) {
            registry.counter("dequeue.queue.atrn", "result", r);
        }
        for (String via : List.of("etrn", "atrn", "admin")) {
            registry.counter("dequeue.queue.releases", "via", via);
        }
        for (String kind : List.of("delivery", "atrn")) {
            registry.counter("dequeue.queue.lease.expired", "kind", kind);
        }
        for (String why : List.of("failed", "expired", "delayed", "bounced")) {
            registry.counter("dequeue.queue.dsn", "why", why);
        }
        registry.counter("dequeue.queue.released");
    }

    @Override
    public void staleOutcome() {
        registry.counter("dequeue.queue.outcomes.ignored", "reason", "stale-release").increment();
    }

    @Override
    public void unknownOutcome() {
        registry.counter("dequeue.queue.outcomes.ignored", "reason", "unknown-message").increment();
    }

    @Override
    public void malformed(String topic) {
        registry.counter("dequeue.queue.records.skipped", "topic", topic).increment();
    }

    @Override
    public void duplicate() {
        registry.counter("dequeue.queue.accepted.duplicates").increment();
    }

    @Override
    public void released(int count) {
        if (count > 0) {
            Counter c = registry.counter("dequeue.queue.released");
            c.increment(count);
        }
    }

    @Override
    public void dsn(String why) {
        registry.counter("dequeue.queue.dsn", "why", why).increment();
    }

    @Override
    public void etrn(String result) {
        registry.counter("dequeue.queue.etrn", "result", result).increment();
    }

    @Override
    public void atrn(String result) {
        registry.counter("dequeue.queue.atrn", "result", result).increment();
    }

    @Override
    public void release(String via) {
        registry.counter("dequeue.queue.releases", "via", via).increment();
    }

    @Override
    public void leaseExpired(String kind) {
        registry.counter("dequeue.queue.lease.expired", "kind", kind).increment();
    }
}
