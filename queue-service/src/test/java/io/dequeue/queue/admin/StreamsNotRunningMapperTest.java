package io.dequeue.queue.admin;

import io.dequeue.model.http.Problem;
import io.dequeue.queue.health.StreamsStatus;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsNotRunningMapperTest {
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final StreamsNotRunningMapper mapper =
            new StreamsNotRunningMapper(new StreamsStatus(state::get, () -> List.of("RUNNING")));

    /** What KafkaStreams#store says in ERROR (Kafka 4.1). */
    private static IllegalStateException notRunning(State s) {
        return new IllegalStateException("KafkaStreams is not running. State is " + s + ".");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"ERROR", "PENDING_ERROR", "PENDING_SHUTDOWN", "NOT_RUNNING", "REBALANCING"})
    void aQueryWhileStreamsIsNotRunningIsA503ProblemWithRetryAfter(State s) {
        state.set(s);
        Response r = mapper.toResponse(notRunning(s));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        String body = (String) r.getEntity();
        assertThat(body).contains("urn:dequeue:problem:store-unavailable").contains(s.name())
                .doesNotContain("KafkaStreams is not running");
    }

    @Test
    void theDetailSaysAFailedInstanceIsRestarted() {
        state.set(State.ERROR);
        assertThat((String) mapper.toResponse(notRunning(State.ERROR)).getEntity()).contains("restarted");
    }

    @Test
    void anIllegalStateWhileRunningIsTheServicesOwnError() {
        Response r = mapper.toResponse(new IllegalStateException("a bug"));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(r.getHeaderString(HttpHeaders.RETRY_AFTER)).isNull();
        assertThat((String) r.getEntity()).contains("urn:dequeue:problem:internal-error").doesNotContain("a bug");
    }
}
