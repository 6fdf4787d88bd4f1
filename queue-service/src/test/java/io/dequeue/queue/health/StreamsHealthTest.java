package io.dequeue.queue.health;

import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsHealthTest {
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final AtomicReference<List<String>> threads = new AtomicReference<>(List.of("RUNNING"));
    private final StreamsStatus status = new StreamsStatus(state::get, threads::get);

    @Test
    void runningWithAWorkingThreadIsAliveAndReady() {
        assertThat(StreamsHealth.liveness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(StreamsHealth.readiness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(StreamsHealth.liveness(status).getData().orElseThrow())
                .containsEntry("state", "RUNNING").containsEntry("liveStreamThreads", 1L);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"ERROR", "PENDING_ERROR"})
    void aFailedClientIsNeitherAliveNorReady(State failed) {
        state.set(failed);
        threads.set(List.of("DEAD"));
        assertThat(StreamsHealth.liveness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(StreamsHealth.readiness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(StreamsHealth.liveness(status).getData().orElseThrow()).containsEntry("state", failed.name());
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"})
    void noWorkingStreamThreadIsNotAlive(State s) {
        state.set(s);
        threads.set(List.of("DEAD", "PENDING_SHUTDOWN"));
        assertThat(StreamsHealth.liveness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(StreamsHealth.liveness(status).getData().orElseThrow()).containsEntry("liveStreamThreads", 0L);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"CREATED", "REBALANCING", "PENDING_SHUTDOWN", "NOT_RUNNING"})
    void startingRebalancingOrStoppingIsAliveButNotReady(State s) {
        state.set(s);
        threads.set(List.of("PARTITIONS_ASSIGNED"));
        assertThat(StreamsHealth.liveness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(StreamsHealth.readiness(status).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
