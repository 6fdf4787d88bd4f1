package io.dequeue.fetch.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The running daemon: one thread per upstream ({@link UpstreamLoop}), the metrics endpoint when
 * configured, and the stop that ends them all after the current message.
 */
final class Daemon {
    private final DaemonConfig config;
    private final PullRunner runner;
    private final DaemonLog log;
    private final Clock clock;
    private final DoubleSupplier random;
    private final StopLatch stop = new StopLatch();
    private final DaemonMetrics metrics = new DaemonMetrics();
    private final List<Thread> threads = new ArrayList<>();
    private MetricsServer metricsServer;

    Daemon(DaemonConfig config, PullRunner runner, DaemonLog log, Clock clock, DoubleSupplier random) {
        this.config = config;
        this.runner = runner;
        this.log = log;
        this.clock = clock;
        this.random = random;
    }

    /** Starts the metrics endpoint (if configured) and every upstream's loop. */
    synchronized void start() throws IOException {
        for (UpstreamConfig u : config.upstreams()) {
            metrics.register(u.name(), u.mode().label());
        }
        if (config.metricsListen() != null) {
            metricsServer = MetricsServer.start(config.metricsListen(), metrics);
            log.info(null, "metrics on http://" + config.metricsListen().getHostString() + ":" + metricsServer.port() + "/metrics");
        }
        for (UpstreamConfig u : config.upstreams()) {
            UpstreamLoop loop = new UpstreamLoop(u, runner, new PullSchedule(u.schedule(), random), stop, stop.signal(),
                    metrics, log, clock);
            Thread t = new Thread(loop, "upstream-" + u.name());
            threads.add(t);
            log.info(u.name(), "mode=" + u.mode().label() + " server=" + u.server() + " domains=" + u.domains()
                    + " interval=" + Durations.format(u.schedule().interval()) + " jitter="
                    + Durations.format(u.schedule().jitter()));
            t.start();
        }
    }

    /** Asks every upstream to stop after its current message; waiting ones stop at once. */
    void stop() {
        stop.stop();
    }

    /** Waits until every upstream's loop has ended; false when some still run after {@code timeout}. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> all;
        synchronized (this) {
            all = List.copyOf(threads);
        }
        for (Thread t : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            t.join(Math.max(1, left / 1_000_000));
        }
        boolean done = all.stream().noneMatch(Thread::isAlive);
        if (done) {
            closeMetrics();
        }
        return done;
    }

    private synchronized void closeMetrics() {
        if (metricsServer != null) {
            metricsServer.close();
            metricsServer = null;
        }
    }

    DaemonMetrics metrics() {
        return metrics;
    }

    /** The metrics endpoint's port, or -1 without one. */
    synchronized int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }
}
