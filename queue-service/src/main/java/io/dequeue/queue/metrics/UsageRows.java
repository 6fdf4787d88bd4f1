package io.dequeue.queue.metrics;

import io.dequeue.queue.admin.Views;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the queue gauges show, computed from the usage of the domains this instance owns: one row
 * per domain, or with the domain label off one row of totals (the oldest age and hold ratio then
 * are those of the worst domain).
 */
public final class UsageRows {
    /**
     * One row of the gauges.
     *
     * @param domain the domain, or null for the totals
     * @param held messages held (waiting or in flight)
     * @param bytes their bytes
     * @param oldestAgeSeconds age of the oldest held message (0 when none)
     * @param inFlight messages released and not yet settled
     * @param holdRatio the oldest message's age divided by its domain's maximum hold time (1 = it expires now)
     */
    public record Row(String domain, long held, long bytes, double oldestAgeSeconds, long inFlight, double holdRatio) {
    }

    private UsageRows() {
    }

    public static List<Row> of(List<Views.DomainUsage> usage, Function<String, Duration> maxHold, Instant now,
                               boolean perDomain) {
        List<Row> rows = new ArrayList<>();
        long held = 0;
        long bytes = 0;
        long inFlight = 0;
        double oldest = 0;
        double ratio = 0;
        for (Views.DomainUsage u : usage) {
            double age = u.oldestHeldAt() == null ? 0
                    : Math.max(0, Duration.between(u.oldestHeldAt(), now).toMillis() / 1000.0);
            Duration max = maxHold.apply(u.domain());
            double r = max == null || max.isZero() || max.isNegative() ? 0 : age / (max.toMillis() / 1000.0);
            Row row = new Row(u.domain(), Math.max(0, u.heldCount()), Math.max(0, u.heldBytes()), age,
                    Math.max(0, u.inFlight()), r);
            if (perDomain) {
                rows.add(row);
            }
            held += row.held();
            bytes += row.bytes();
            inFlight += row.inFlight();
            oldest = Math.max(oldest, age);
            ratio = Math.max(ratio, r);
        }
        if (!perDomain) {
            rows.add(new Row(null, held, bytes, oldest, inFlight, ratio));
        }
        return rows;
    }
}
