package io.dequeue.model.http;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The HTTP errors of the REST layer (no such path, method, media type) as plain problems
 * ({@code about:blank}); a 405 names the allowed methods in {@code Allow}, as RFC 9110 requires.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
    private static final Logger LOG = Logger.getLogger(HttpErrorMapper.class);

    @Inject
    BeanManager beans;

    private volatile AllowedMethods allowedMethods;

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return Problems.http(404, "There is nothing at this path.").build();
        }
        if (e instanceof NotAllowedException) {
            Response.ResponseBuilder b = Problems.http(405, "The method " + request.getMethod() + " is not allowed here.");
            String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            if (allow == null) {
                allow = allowedMethods().forPath(uri.getPath());
            }
            if (!allow.isEmpty()) {
                b.header(HttpHeaders.ALLOW, allow);
            }
            return b.build();
        }
        if (e instanceof NotSupportedException) {
            return Problems.http(415, "This resource does not accept a body of this Content-Type; the API description "
                    + "(/q/openapi) lists the accepted ones.").build();
        }
        if (e instanceof NotAcceptableException) {
            return Problems.http(406, "This resource answers in none of the media types the Accept header allows "
                    + "(answers are application/json, problems application/problem+json).").build();
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        return Problems.http(status, status == 400 ? "The request cannot be read." : null).build();
    }

    /** The resources are beans of the REST layer: their classes, read once, give every path's methods. */
    private AllowedMethods allowedMethods() {
        AllowedMethods a = allowedMethods;
        if (a == null) {
            List<Class<?>> resources = beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .<Class<?>>map(Bean::getBeanClass)
                    .filter(c -> c.isAnnotationPresent(Path.class))
                    .distinct()
                    .toList();
            a = AllowedMethods.of(resources);
            allowedMethods = a;
        }
        return a;
    }
}
