package io.dequeue.config.auth;

import io.dequeue.config.rest.Problems;
import io.dequeue.model.auth.AdminToken;
import io.dequeue.model.auth.BearerToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * Every request to a JAX-RS resource (the whole {@code /api}) needs
 * {@code Authorization: Bearer <dequeue.admin.token>}; otherwise a 401 problem with
 * {@code WWW-Authenticate: Bearer}. It runs before resource matching, on every path the REST
 * layer sees, so unknown or oddly spelled paths reveal nothing either. {@code /q/health} and
 * {@code /q/metrics} are not JAX-RS resources and stay open.
 */
@Provider
@PreMatching
public class AdminTokenFilter implements ContainerRequestFilter {
    /** Who made a change through the API, in events and logs: the holder of the admin token. */
    public static final String PRINCIPAL = AdminToken.PRINCIPAL;

    @Inject
    AdminToken token;

    @Override
    public void filter(ContainerRequestContext request) {
        BearerToken.Check check = token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (check == BearerToken.Check.VALID) {
            return;
        }
        request.abortWith(Problems.of(Problems.Type.UNAUTHORIZED, 401, AdminToken.detail(check), List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, AdminToken.challenge(check))
                .build());
    }
}
