package io.dequeue.queue.timeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The timeline store's settings ({@code dequeue.queue.timeline.*}); see {@link TimelineOptions}. */
@ConfigMapping(prefix = "dequeue.queue.timeline")
public interface TimelineConfig {
    /** How long the timeline of a settled message stays answerable. */
    @WithDefault("P7D")
    Duration retention();

    /** Most settled messages kept in all; when full, the oldest settled one goes first. */
    @WithDefault("600000")
    long maxSettled();

    /** Most events kept per message (the one that settles it is always kept). */
    @WithDefault("200")
    int maxEvents();

    /** The least time between two sweeps of settled timelines past the retention (a sweep runs only when one is). */
    @WithDefault("PT1M")
    Duration sweepInterval();

    /** The options the topology takes. */
    default TimelineOptions options() {
        return TimelineOptions.defaults().withRetention(retention()).withLimits(maxSettled(), maxEvents())
                .withSweep(sweepInterval(), TimelineOptions.defaults().sweepBatch());
    }
}
