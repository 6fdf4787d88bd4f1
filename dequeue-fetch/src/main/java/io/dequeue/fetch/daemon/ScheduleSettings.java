package io.dequeue.fetch.daemon;

import java.time.Duration;

/**
 * When an upstream is pulled: every {@code interval} plus a random part of up to {@code jitter};
 * after a failed pull the next one comes after {@code backoffInitial}, doubling with every further
 * failure up to {@code backoffMax} (plus the same jitter); a success returns to the interval.
 */
public record ScheduleSettings(Duration interval, Duration jitter, Duration backoffInitial, Duration backoffMax) {
    public static final ScheduleSettings DEFAULTS = new ScheduleSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofHours(1));
}
