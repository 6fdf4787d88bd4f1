package io.dequeue.fetch.daemon;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;

import java.time.Clock;
import java.time.Duration;

/**
 * One upstream's life in the daemon: wait, pull, record, choose the next delay ({@link
 * PullSchedule}), until the stop. A pull that reports {@link ExitStatus#INTERRUPTED}, or a stop
 * requested during a pull, ends the loop after that pull.
 */
final class UpstreamLoop implements Runnable {
    private final UpstreamConfig upstream;
    private final PullRunner runner;
    private final PullSchedule schedule;
    private final Waiter waiter;
    private final StopSignal stop;
    private final DaemonMetrics metrics;
    private final DaemonLog log;
    private final Clock clock;

    UpstreamLoop(UpstreamConfig upstream, PullRunner runner, PullSchedule schedule, Waiter waiter, StopSignal stop,
                 DaemonMetrics metrics, DaemonLog log, Clock clock) {
        this.upstream = upstream;
        this.runner = runner;
        this.schedule = schedule;
        this.waiter = waiter;
        this.stop = stop;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void run() {
        Duration delay = schedule.first();
        try {
            while (waiter.await(delay)) {
                PullResult r = pullOnce();
                metrics.record(upstream.name(), r, clock.instant());
                String line = "mode=" + upstream.mode().label() + " " + r.summary();
                if (r.exitStatus() == ExitStatus.INTERRUPTED || stop.requested()) {
                    log.info(upstream.name(), line + " (stopping)");
                    break;
                }
                if (r.exitStatus() == ExitStatus.OK) {
                    delay = schedule.afterSuccess();
                    log.info(upstream.name(), line + " next=" + Durations.format(delay));
                } else {
                    delay = schedule.afterFailure();
                    metrics.consecutiveFailures(upstream.name(), schedule.consecutiveFailures());
                    log.warn(upstream.name(), line + " failures-in-a-row=" + schedule.consecutiveFailures()
                            + " next=" + Durations.format(delay));
                }
                if (r.exitStatus() == ExitStatus.OK) {
                    metrics.consecutiveFailures(upstream.name(), 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PullResult pullOnce() {
        try {
            return runner.run(upstream, stop);
        } catch (RuntimeException e) {
            // a bug in a pull must not end the upstream's schedule; it counts as a failed pull
            return new PullResult(ExitStatus.CONNECTION, 0, 0, 0, 0, 0, Duration.ZERO,
                    "internal error: " + e.getClass().getSimpleName());
        }
    }
}
