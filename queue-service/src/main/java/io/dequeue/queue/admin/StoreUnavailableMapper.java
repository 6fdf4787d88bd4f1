package io.dequeue.queue.admin;

import io.dequeue.model.http.ProblemType;
import io.dequeue.model.http.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** A state store that is being restored or moved: 503 with {@code Retry-After}, not a failure. */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<InvalidStateStoreException> {
    @Override
    public Response toResponse(InvalidStateStoreException e) {
        return Problems.of(ProblemType.STORE_UNAVAILABLE,
                "The queue's state is being restored or moved between instances; try again shortly.").build();
    }
}
