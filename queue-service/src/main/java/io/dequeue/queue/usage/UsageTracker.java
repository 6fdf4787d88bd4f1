package io.dequeue.queue.usage;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps each domain's usage counters current and publishes them on {@code queue.usage} when they
 * change, at most once per throttle interval per domain: the first change after a quiet interval
 * is published at once, later ones are collected and published by the wall-clock punctuator when
 * the interval has passed (a {@link DeadlineKey.Kind#USAGE} deadline).
 */
public final class UsageTracker {
    /** Where a usage record goes. */
    @FunctionalInterface
    public interface Sink {
        void publish(QueueUsage usage, long now);
    }

    private final HeldMail mail;
    private final Sink sink;
    private final long throttleMillis;
    private final Set<String> dirty = new LinkedHashSet<>();

    public UsageTracker(HeldMail mail, Sink sink, long throttleMillis) {
        this.mail = mail;
        this.sink = sink;
        this.throttleMillis = throttleMillis;
    }

    public UsageCounters counters(String domain) {
        return mail.usage(domain);
    }

    /** Adds to a domain's counters; published by the next {@link #flush}. */
    public void change(String domain, long count, long bytes, long inFlight) {
        UsageCounters c = mail.usage(domain).plus(count, bytes, inFlight);
        mail.putUsage(domain, c);
        dirty.add(domain);
    }

    /** Publishes (or schedules) the domains changed since the last flush; called after each record and tick. */
    public void flush(long now) {
        for (String domain : dirty) {
            UsageCounters c = mail.usage(domain);
            if (c.flushAt() != 0) {
                continue; // already scheduled
            }
            long allowed = c.lastEmittedAt() + throttleMillis;
            if (c.lastEmittedAt() == 0 || now >= allowed) {
                publish(domain, c, now);
            } else {
                mail.putUsage(domain, c.flushScheduled(allowed));
                mail.addDeadline(new DeadlineKey(allowed, DeadlineKey.Kind.USAGE, domain));
            }
        }
        dirty.clear();
    }

    /**
     * A scheduled publication is due. After a restart (counters rebuilt, nothing known of what was
     * published: lastEmittedAt 0) the deadline alone says a publication was pending: it goes out.
     */
    public void due(String domain, long now) {
        UsageCounters c = mail.usage(domain);
        if (c.flushAt() == 0 && c.lastEmittedAt() != 0) {
            return;
        }
        publish(domain, c, now);
    }

    private void publish(String domain, UsageCounters c, long now) {
        HeldMessage oldest = c.heldCount() > 0 ? mail.oldest(domain) : null;
        QueueUsage u = new QueueUsage(new DomainName(domain), Math.max(0, c.heldCount()), Math.max(0, c.heldBytes()),
                oldest == null ? null : oldest.receivedAt(), Math.max(0, c.inFlight()), Instant.ofEpochMilli(now));
        sink.publish(u, now);
        mail.putUsage(domain, c.emitted(now));
    }
}
