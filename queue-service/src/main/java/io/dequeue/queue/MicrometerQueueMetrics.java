package io.dequeue.queue;

import io.dequeue.queue.topology.QueueMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The topology's counters as Micrometer metrics (at /q/metrics). */
@ApplicationScoped
public class MicrometerQueueMetrics implements QueueMetrics {
    @Inject
    MeterRegistry registry;

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
}
