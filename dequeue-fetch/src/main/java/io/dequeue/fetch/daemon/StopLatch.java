package io.dequeue.fetch.daemon;

import io.dequeue.fetch.StopSignal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's stop: requests the {@link StopSignal} the running pulls watch (they finish the
 * current message) and wakes every upstream loop that is waiting for its next pull.
 */
final class StopLatch implements Waiter {
    private final StopSignal signal = new StopSignal();
    private final CountDownLatch latch = new CountDownLatch(1);

    StopSignal signal() {
        return signal;
    }

    void stop() {
        signal.request();
        latch.countDown();
    }

    @Override
    public boolean await(Duration delay) throws InterruptedException {
        return !signal.requested() && !latch.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
