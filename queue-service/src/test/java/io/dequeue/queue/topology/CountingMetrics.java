package io.dequeue.queue.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the topology reports, for assertions. */
public class CountingMetrics implements QueueMetrics {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public long get(String name) {
        AtomicLong c = counts.get(name);
        return c == null ? 0 : c.get();
    }

    private void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void staleOutcome() {
        add("stale", 1);
    }

    @Override
    public void unknownOutcome() {
        add("unknown", 1);
    }

    @Override
    public void malformed(String topic) {
        add("malformed", 1);
    }

    @Override
    public void duplicate() {
        add("duplicate", 1);
    }

    @Override
    public void released(int count) {
        add("released", count);
    }

    @Override
    public void dsn(String why) {
        add("dsn", 1);
        add("dsn." + why, 1);
    }

    @Override
    public void etrn(String result) {
        add("etrn." + result, 1);
    }

    @Override
    public void atrn(String result) {
        add("atrn." + result, 1);
    }

    @Override
    public void release(String via) {
        add("release." + via, 1);
    }

    @Override
    public void leaseExpired(String kind) {
        add("lease-expired." + kind, 1);
    }
}
