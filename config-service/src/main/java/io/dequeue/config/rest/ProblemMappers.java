package io.dequeue.config.rest;

import io.dequeue.config.service.ConfigProblem;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import java.util.List;

/** Every error of the API as an RFC 9457 problem; never a stack trace in a response. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response configProblem(ConfigProblem p) {
        Problems.Type type;
        int status;
        if (p instanceof ConfigProblem.Malformed) {
            type = Problems.Type.MALFORMED_REQUEST;
            status = 400;
        } else if (p instanceof ConfigProblem.InvalidSettings) {
            type = Problems.Type.INVALID_SETTINGS;
            status = 422;
        } else if (p instanceof ConfigProblem.PasswordRequired) {
            type = Problems.Type.PASSWORD_REQUIRED;
            status = 422;
        } else if (p instanceof ConfigProblem.UnknownGateway) {
            type = Problems.Type.UNKNOWN_GATEWAY;
            status = 404;
        } else if (p instanceof ConfigProblem.PreconditionFailed) {
            type = Problems.Type.PRECONDITION_FAILED;
            status = 412;
        } else {
            type = Problems.Type.STORE_UNAVAILABLE;
            status = 503;
        }
        Response.ResponseBuilder b = Problems.of(type, status, p.getMessage(), p.errors());
        if (status == 503) {
            b.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problems.http(404, "There is nothing at this path.").build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, Request request, UriInfo uri) {
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null) {
            // RFC 9110 requires Allow on a 405; the two paths of this API allow these methods.
            allow = uri.getPathSegments().stream().filter(s -> !s.getPath().isEmpty()).count() > 2
                    ? "GET, PUT, PATCH, DELETE" : "GET";
        }
        return Problems.http(405, "The method " + request.getMethod() + " is not allowed here.")
                .header(HttpHeaders.ALLOW, allow)
                .build();
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e) {
        return Problems.http(415, "The body must be application/json (or application/merge-patch+json for PATCH).")
                .build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problems.http(406, "Responses are application/json (problems application/problem+json).").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        return Problems.http(status, null).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable t) {
        LOG.error("unexpected error while handling a request", t);
        return Problems.of(Problems.Type.INTERNAL, 500, "The request failed unexpectedly; the service log has details.",
                List.of()).build();
    }
}
