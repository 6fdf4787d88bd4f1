package io.dequeue.model.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A {@link ProblemException} becomes the problem answer of its type. */
@Provider
public class ProblemMapper implements ExceptionMapper<ProblemException> {
    @Override
    public Response toResponse(ProblemException e) {
        return Problems.of(e.type(), e.getMessage(), e.errors()).build();
    }
}
