package io.dequeue.queue.body;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyReadFailureHandlerTest {
    @Test
    void aBodyNotReadInTimeReplacesTheThreadAnythingElseStopsTheClient() {
        StreamsException wrapped = new StreamsException(
                new BodyUnavailableException("not read in time", new TimeoutException("broker")));
        assertThat(BodyReadFailureHandler.decide(wrapped)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(BodyReadFailureHandler.decide(new StreamsException(new IllegalStateException("bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
