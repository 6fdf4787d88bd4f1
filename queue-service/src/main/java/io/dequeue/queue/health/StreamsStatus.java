package io.dequeue.queue.health;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * What Kafka Streams' state means for the service: whether the admin API can answer from the
 * stores, whether the instance should take traffic (readiness) and whether it is still alive or
 * must be restarted (liveness). After a failure of its stream thread (an OutOfMemoryError, a
 * fatal Kafka error) Streams goes to ERROR and never leaves it: only a restart of the process
 * brings the queue back, so liveness says DOWN and Kubernetes restarts the pod.
 */
public final class StreamsStatus {
    /** Stream thread states of a thread that no longer works (Kafka's {@code StreamThread.State}). */
    private static final java.util.Set<String> GONE = java.util.Set.of("DEAD", "PENDING_SHUTDOWN");

    private final Supplier<KafkaStreams.State> state;
    private final Supplier<? extends Collection<String>> threadStates;

    /**
     * @param state        the client's state
     * @param threadStates the states of this client's stream threads (read only while RUNNING or
     *                     REBALANCING)
     */
    public StreamsStatus(Supplier<KafkaStreams.State> state, Supplier<? extends Collection<String>> threadStates) {
        this.state = state;
        this.threadStates = threadStates;
    }

    /** The status of a running client. */
    public static StreamsStatus of(KafkaStreams streams) {
        return new StreamsStatus(streams::state, () -> streams.metadataForLocalThreads().stream()
                .map(t -> t.threadState()).toList());
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    /** RUNNING: every task assigned and restored; reads answer from this instance's stores. */
    public boolean ready() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /**
     * False in ERROR (or on its way there), and while RUNNING or REBALANCING without a stream thread
     * that still works; true while starting, running, rebalancing or shutting down.
     */
    public boolean alive() {
        KafkaStreams.State s = state();
        if (failed(s)) {
            return false;
        }
        if (s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING) {
            return liveThreads() > 0;
        }
        return true;
    }

    /** Stream threads that are neither dead nor stopping. */
    public long liveThreads() {
        return threadStates.get().stream().filter(t -> !GONE.contains(t)).count();
    }

    /** A sentence for a caller that met the queue while it was not running (no secrets, no stack). */
    public String unavailableDetail() {
        KafkaStreams.State s = state();
        if (failed(s)) {
            return "The queue's stream processing stopped after a failure (" + s
                    + "); this instance reports itself not alive and is restarted. Try again shortly.";
        }
        return "The queue's stream processing is " + s + " (starting, rebalancing or stopping); try again shortly.";
    }

    private static boolean failed(KafkaStreams.State s) {
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR;
    }
}
