package io.dequeue.model.topic;

import java.util.Map;
import java.util.Objects;

/**
 * One topic of the event contract: its name, partition count and topic-level configuration.
 *
 * @param name the topic name
 * @param partitions number of partitions
 * @param configs topic-level configuration (for example {@code cleanup.policy=compact})
 * @param description one line on what the topic carries
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String description) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        configs = Map.copyOf(configs);
    }
}
