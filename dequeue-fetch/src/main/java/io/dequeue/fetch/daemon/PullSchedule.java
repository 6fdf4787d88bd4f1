package io.dequeue.fetch.daemon;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delays between one upstream's pulls (not thread-safe: one per upstream loop). The random
 * source gives values in [0, 1); tests pass a fixed one.
 *
 * <ul>
 *   <li>before the first pull: a random part of the jitter, so upstreams started together spread out;</li>
 *   <li>after a success: the interval plus a random part of the jitter;</li>
 *   <li>after the n-th failure in a row: {@code backoffInitial * 2^(n-1)}, at most {@code backoffMax},
 *       plus a random part of the jitter.</li>
 * </ul>
 */
final class PullSchedule {
    private final ScheduleSettings settings;
    private final DoubleSupplier random;
    private int failures;

    PullSchedule(ScheduleSettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    Duration first() {
        return jitter();
    }

    Duration afterSuccess() {
        failures = 0;
        return settings.interval().plus(jitter());
    }

    Duration afterFailure() {
        failures++;
        return backoff(failures).plus(jitter());
    }

    /** Failed pulls since the last success. */
    int consecutiveFailures() {
        return failures;
    }

    private Duration backoff(int n) {
        Duration d = settings.backoffInitial();
        Duration max = settings.backoffMax();
        for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    private Duration jitter() {
        double r = random.getAsDouble();
        if (r < 0 || r >= 1) {
            throw new IllegalStateException("random value out of [0, 1): " + r);
        }
        return Duration.ofMillis((long) (settings.jitter().toMillis() * r));
    }
}
