package io.dequeue.delivery.transport.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the pool.
 *
 * @param maxPerTarget             connections at most per {@link PoolKey}
 * @param maxTotal                 connections at most in total
 * @param idleTimeout              an idle connection is closed after this long
 * @param maxMessagesPerConnection a connection is closed after this many messages
 * @param maxSendAttempts          connections tried for a message that was lost before it started
 */
public record PoolSettings(int maxPerTarget, int maxTotal, Duration idleTimeout, int maxMessagesPerConnection,
                           int maxSendAttempts) {

    public PoolSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxPerTarget < 1 || maxTotal < 1 || maxMessagesPerConnection < 1 || maxSendAttempts < 1) {
            throw new IllegalArgumentException("pool bounds must be at least 1");
        }
    }
}
