package io.dequeue.edge.smtp;

import io.dequeue.edge.net.CountingTransport;
import io.dequeue.smtp.reply.Reply;

import java.time.Duration;

/**
 * A minimum data rate for the message body: after a grace period, a client whose average rate
 * since DATA stays below the minimum is told {@code 421 4.4.2} and disconnected, so a trickle of a
 * byte now and then (under the idle timeout) cannot hold a connection and a buffer for long.
 * Checked on a timer on the session's context; all input counts (also bytes the session does not
 * keep, e.g. of a message already refused as too big).
 */
final class DataRateGuard {
    static final Reply TOO_SLOW = Reply.of(421, "4.4.2", "Minimum data rate not met, closing connection");

    private final CountingTransport transport;
    private final long minBytesPerSecond;
    private final long graceMillis;
    private final long intervalMillis;
    private final Runnable tooSlow;
    private long startedAt;
    private long bytesAtStart;
    private long elapsed;
    private long timer = -1;

    /**
     * @param minBytesPerSecond 0 turns the guard off
     * @param tooSlow           sends {@link #TOO_SLOW} and closes the connection
     */
    DataRateGuard(CountingTransport transport, long minBytesPerSecond, Duration grace, Runnable tooSlow) {
        this.transport = transport;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceMillis = grace.toMillis();
        this.intervalMillis = Math.max(100, Math.min(5000, graceMillis / 2));
        this.tooSlow = tooSlow;
    }

    /** DATA began (354). */
    void start() {
        if (minBytesPerSecond <= 0) {
            return;
        }
        stop();
        bytesAtStart = transport.bytesIn();
        elapsed = 0;
        schedule();
    }

    /** The body ended, or the message was dropped. */
    void stop() {
        if (timer >= 0) {
            transport.cancelTimer(timer);
            timer = -1;
        }
    }

    private void schedule() {
        timer = transport.setTimer(intervalMillis, this::check);
    }

    private void check() {
        timer = -1;
        elapsed += intervalMillis;
        if (elapsed > graceMillis) {
            long received = transport.bytesIn() - bytesAtStart;
            if (received * 1000 < minBytesPerSecond * (elapsed - graceMillis)) {
                tooSlow.run();
                return;
            }
        }
        schedule();
    }
}
