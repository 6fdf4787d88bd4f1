package io.dequeue.model.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Any other failure: logged with its stack trace, answered with a problem that says nothing about
 * it (no exception class, message or stack trace reaches the caller).
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(Throwable t) {
        LOG.error("unexpected error while handling a request", t);
        return Problems.of(ProblemType.INTERNAL, "The request failed unexpectedly; the service log has details.").build();
    }
}
