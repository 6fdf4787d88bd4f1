package io.dequeue.fetch.daemon;

import java.time.Duration;

/** Waits between pulls; a stop request ends the wait at once. */
interface Waiter {
    /** Waits for {@code delay}; false when the daemon was asked to stop (before or during the wait). */
    boolean await(Duration delay) throws InterruptedException;
}
