package io.dequeue.fetch.daemon;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.PullResult;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The daemon's counters per upstream, rendered in Prometheus' text exposition format (0.0.4).
 * Every upstream's series exist from the start (at 0), failures for every documented non-zero
 * exit status, so that rates and alerts work from the first scrape. Thread-safe.
 */
final class DaemonMetrics {
    /** The non-zero exit statuses a pull can report. */
    static final int[] FAILURE_STATUSES = {ExitStatus.USAGE, ExitStatus.CONNECTION, ExitStatus.AUTH,
            ExitStatus.UPSTREAM_TEMPORARY, ExitStatus.UPSTREAM_PERMANENT, ExitStatus.LOCAL_FAILED, ExitStatus.INTERRUPTED};

    private static final class Upstream {
        final String mode;
        final AtomicLong pulls = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong deferred = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final Map<Integer, AtomicLong> failures = new TreeMap<>();
        final AtomicLong consecutiveFailures = new AtomicLong();
        volatile long lastSuccessMillis = -1;
        volatile long lastDurationMillis;

        Upstream(String mode) {
            this.mode = mode;
            for (int s : FAILURE_STATUSES) {
                failures.put(s, new AtomicLong());
            }
        }
    }

    private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();

    /** Creates an upstream's series at 0. */
    void register(String name, String mode) {
        upstreams.putIfAbsent(name, new Upstream(mode));
    }

    void record(String name, PullResult r, Instant now) {
        Upstream u = upstreams.get(name);
        if (u == null) {
            throw new IllegalArgumentException("unknown upstream " + name);
        }
        u.pulls.incrementAndGet();
        u.messages.addAndGet(r.messages());
        u.bytes.addAndGet(r.bytes());
        u.accepted.addAndGet(r.recipientsAccepted());
        u.deferred.addAndGet(r.recipientsDeferred());
        u.rejected.addAndGet(r.recipientsRejected());
        u.lastDurationMillis = r.elapsed().toMillis();
        if (r.exitStatus() == ExitStatus.OK) {
            u.lastSuccessMillis = now.toEpochMilli();
        } else {
            // an undocumented status still counts, under its own number
            synchronized (u.failures) {
                u.failures.computeIfAbsent(r.exitStatus(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    void consecutiveFailures(String name, int n) {
        Upstream u = upstreams.get(name);
        if (u != null) {
            u.consecutiveFailures.set(n);
        }
    }

    /** The text exposition of every metric. */
    String scrape() {
        Map<String, Upstream> all = new TreeMap<>(upstreams);
        StringBuilder b = new StringBuilder(1024);
        counter(b, all, "dequeue_fetch_pulls_total", "Pulls run (ODMR sessions or ETRN requests), whatever their outcome.",
                u -> u.pulls.get());
        counter(b, all, "dequeue_fetch_messages_total", "Messages the local mail server accepted.", u -> u.messages.get());
        counter(b, all, "dequeue_fetch_bytes_total", "Message bytes relayed to the local mail server.", u -> u.bytes.get());
        head(b, "dequeue_fetch_recipients_total", "Recipients by the local mail server's answer class.", "counter");
        all.forEach((name, u) -> {
            sample(b, "dequeue_fetch_recipients_total", name, u, "outcome", "accepted", u.accepted.get());
            sample(b, "dequeue_fetch_recipients_total", name, u, "outcome", "deferred", u.deferred.get());
            sample(b, "dequeue_fetch_recipients_total", name, u, "outcome", "rejected", u.rejected.get());
        });
        head(b, "dequeue_fetch_pull_failures_total", "Failed pulls by exit status (see the module README).", "counter");
        all.forEach((name, u) -> {
            synchronized (u.failures) {
                u.failures.forEach((status, n) -> sample(b, "dequeue_fetch_pull_failures_total", name, u,
                        "exit_status", Integer.toString(status), n.get()));
            }
        });
        head(b, "dequeue_fetch_consecutive_failures", "Failed pulls since the last success.", "gauge");
        all.forEach((name, u) -> sample(b, "dequeue_fetch_consecutive_failures", name, u, null, null,
                u.consecutiveFailures.get()));
        head(b, "dequeue_fetch_last_pull_duration_seconds", "Wall time of the last pull.", "gauge");
        all.forEach((name, u) -> sample(b, "dequeue_fetch_last_pull_duration_seconds", name, u, null, null,
                u.lastDurationMillis / 1000.0));
        head(b, "dequeue_fetch_last_success_timestamp_seconds",
                "Unix time of the last successful pull (absent until the first one).", "gauge");
        all.forEach((name, u) -> {
            if (u.lastSuccessMillis >= 0) {
                sample(b, "dequeue_fetch_last_success_timestamp_seconds", name, u, null, null, u.lastSuccessMillis / 1000.0);
            }
        });
        return b.toString();
    }

    private static void counter(StringBuilder b, Map<String, Upstream> all, String metric, String help,
                                Function<Upstream, Long> value) {
        head(b, metric, help, "counter");
        all.forEach((name, u) -> sample(b, metric, name, u, null, null, value.apply(u)));
    }

    private static void head(StringBuilder b, String metric, String help, String type) {
        b.append("# HELP ").append(metric).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder b, String metric, String upstream, Upstream u, String label, String labelValue,
                               double value) {
        b.append(metric).append("{upstream=\"").append(escape(upstream)).append("\",mode=\"").append(u.mode).append('"');
        if (label != null) {
            b.append(',').append(label).append("=\"").append(escape(labelValue)).append('"');
        }
        b.append("} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value);
        } else {
            b.append(String.format(Locale.ROOT, "%.3f", value));
        }
        b.append('\n');
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    Collection<String> upstreams() {
        return upstreams.keySet();
    }
}
