package io.dequeue.queue.admin;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the admin API as an RFC 9457 problem; never a stack trace in a response. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response failure(Problems.Failure f) {
        return Problems.of(f.type(), f.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(InvalidStateStoreException e) {
        return Problems.of(Problems.Type.STORE_UNAVAILABLE,
                "The queue's state is being restored or moved between instances; try again shortly.").build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problems.of(Problems.Type.NOT_FOUND, "There is nothing at this path.").build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response.ResponseBuilder b = Problems.http(405, "This method is not allowed here.");
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            b.header(HttpHeaders.ALLOW, allow);
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e) {
        return Problems.http(415, "The body must be application/json.").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        return Problems.http(status, status == 400 ? "The request cannot be read." : null).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable t) {
        LOG.error("unexpected error while handling a request", t);
        return Problems.of(Problems.Type.INTERNAL, "The request failed unexpectedly; the service log has details.")
                .build();
    }
}
