package io.dequeue.queue.topology;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * A one-shot wall-clock wake-up, armed only when there is something to do. Kafka Streams commits
 * the task (with {@code exactly_once_v2}: a transaction, its markers and an offset commit) after
 * every punctuation, whether it changed anything or not; a punctuator that fires only when work is
 * due lets an idle instance write nothing.
 *
 * <p>{@link #request} asks to run the action at {@code due} or later, never sooner than
 * {@code minInterval} after the request; an earlier request replaces a later one. When it fires it
 * is disarmed before the action runs (the action may request again).
 */
public final class Wakeup {
    private final ProcessorContext<?, ?> context;
    private final long minIntervalMs;
    private final LongConsumer action;
    private Cancellable scheduled;
    private long at = Long.MAX_VALUE;

    public Wakeup(ProcessorContext<?, ?> context, Duration minInterval, LongConsumer action) {
        this.context = context;
        this.minIntervalMs = Math.max(1, minInterval.toMillis());
        this.action = action;
    }

    /** Runs the action at {@code due} or later (at the earliest {@code minInterval} after {@code now}). */
    public void request(long due, long now) {
        if (due == Long.MAX_VALUE) {
            return;
        }
        long when = Math.max(due, now + minIntervalMs);
        if (when >= at) {
            return;
        }
        cancel();
        at = when;
        scheduled = context.schedule(Duration.ofMillis(when - now), PunctuationType.WALL_CLOCK_TIME, this::fire);
    }

    /** Whether a wake-up is pending. */
    public boolean armed() {
        return scheduled != null;
    }

    private void fire(long now) {
        cancel();
        action.accept(now);
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
        at = Long.MAX_VALUE;
    }
}
