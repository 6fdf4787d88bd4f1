package io.dequeue.model.http;

import io.dequeue.model.auth.AdminToken;
import io.dequeue.model.auth.BearerToken;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request to a JAX-RS resource of an admin API (the whole {@code /api}) needs
 * {@code Authorization: Bearer <dequeue.admin.token>}, compared in constant time ({@link BearerToken});
 * otherwise a 401 problem with {@code WWW-Authenticate: Bearer realm="dequeue"} (and
 * {@code error="invalid_token"} for a wrong one). It runs before resource matching, so unknown or
 * oddly spelled paths reveal nothing either. {@code /q/openapi} is not a JAX-RS resource and stays
 * open; health and metrics are served on the management port, not here.
 *
 * <p>The REST layer creates its filters when the service starts, so this is where the token is
 * checked: without one (or with one that is too short) the service does not start, and its log says
 * how to set one. Services without an admin API have no REST layer and never create it.
 */
@Provider
@PreMatching
public class AdminTokenFilter implements ContainerRequestFilter {
    @Inject
    AdminToken token;

    @PostConstruct
    void checkTokenAtStart() {
        token.requireConfigured();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        BearerToken.Check check = token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (check == BearerToken.Check.VALID) {
            return;
        }
        request.abortWith(Problems.of(ProblemType.UNAUTHORIZED, AdminToken.detail(check))
                .header(HttpHeaders.WWW_AUTHENTICATE, AdminToken.challenge(check))
                .build());
    }
}
