package io.dequeue.config.rest;

import io.dequeue.config.service.ConfigProblem;
import io.dequeue.model.http.Problem;
import io.dequeue.model.http.ProblemType;
import io.dequeue.model.http.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Each kind of {@link ConfigProblem} as its problem type; the shared mappers of
 * {@code io.dequeue.model.http} answer every other error.
 */
@Provider
public class ConfigProblemMapper implements ExceptionMapper<ConfigProblem> {
    @Override
    public Response toResponse(ConfigProblem p) {
        return Problems.of(type(p), p.getMessage(),
                p.errors().stream().map(e -> new Problem.InvalidField(e.field(), e.message())).toList()).build();
    }

    static ProblemType type(ConfigProblem p) {
        if (p instanceof ConfigProblem.Malformed) {
            return ProblemType.MALFORMED_REQUEST;
        } else if (p instanceof ConfigProblem.InvalidSettings) {
            return GatewayProblems.INVALID_SETTINGS;
        } else if (p instanceof ConfigProblem.PasswordRequired) {
            return GatewayProblems.PASSWORD_REQUIRED;
        } else if (p instanceof ConfigProblem.UnknownGateway) {
            return GatewayProblems.UNKNOWN_GATEWAY;
        } else if (p instanceof ConfigProblem.PreconditionFailed) {
            return GatewayProblems.VERSION_MISMATCH;
        }
        return ProblemType.STORE_UNAVAILABLE;
    }
}
