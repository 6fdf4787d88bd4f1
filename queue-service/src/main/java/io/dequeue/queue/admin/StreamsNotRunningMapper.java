package io.dequeue.queue.admin;

import io.dequeue.model.http.ProblemType;
import io.dequeue.model.http.Problems;
import io.dequeue.model.http.UnexpectedErrorMapper;
import io.dequeue.queue.health.StreamsStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Kafka Streams answers a store or metadata query with {@link IllegalStateException} when it is
 * not running or rebalancing (ERROR after a failed stream thread, PENDING_SHUTDOWN, NOT_RUNNING):
 * while it is not RUNNING that is a 503 with {@code Retry-After}, like a store being restored
 * ({@link StoreUnavailableMapper}), not a failure of the request. Any other IllegalStateException
 * is the service's own error (500, logged).
 */
@Provider
public class StreamsNotRunningMapper implements ExceptionMapper<IllegalStateException> {
    @Inject
    StreamsStatus status;

    private final UnexpectedErrorMapper unexpected = new UnexpectedErrorMapper();

    public StreamsNotRunningMapper() {
    }

    StreamsNotRunningMapper(StreamsStatus status) {
        this.status = status;
    }

    @Override
    public Response toResponse(IllegalStateException e) {
        if (!status.ready()) {
            return Problems.of(ProblemType.STORE_UNAVAILABLE, status.unavailableDetail()).build();
        }
        return unexpected.toResponse(e);
    }
}
