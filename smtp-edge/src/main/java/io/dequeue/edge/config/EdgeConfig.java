package io.dequeue.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of one smtp-edge instance (prefix {@code dequeue.edge}). */
@ConfigMapping(prefix = "dequeue.edge")
public interface EdgeConfig {
    /** A name for this instance in events and logs (in Kubernetes: the pod name). */
    @WithDefault("edge-0")
    String instanceId();

    /**
     * The partition of {@code edge.replies} this instance owns (in Kubernetes: the StatefulSet
     * ordinal). Two live instances must never share one.
     */
    @WithDefault("0")
    int replyPartition();

    /** How long ETRN waits for queue-service's count before answering 250 without it. */
    @WithDefault("2s")
    Duration etrnReplyWait();

    /** How long ATRN waits for queue-service's grants before answering 451. */
    @WithDefault("10s")
    Duration atrnReplyWait();

    /**
     * Most bytes of ATRN-released messages held in memory for all sessions together; past it a
     * released message is kept as a reference to its record and read again when its session gets
     * to it. The reply partition is never paused.
     */
    @WithDefault("67108864")
    long atrnBufferBytes();

    /**
     * Most bytes of released messages one ATRN session holds in memory (at least one message);
     * past it its messages are kept as references, so a customer that does not read costs this
     * much and slows nobody else.
     */
    @WithDefault("8388608")
    long atrnSessionBufferBytes();
}
