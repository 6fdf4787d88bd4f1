package io.dequeue.queue.admin;

import io.dequeue.model.auth.AdminToken;
import io.dequeue.model.auth.BearerToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request to the REST API needs {@code Authorization: Bearer <dequeue.admin.token>};
 * otherwise a 401 problem with {@code WWW-Authenticate}. It runs before resource matching, so an
 * unknown path reveals nothing either. {@code /q/health} and {@code /q/metrics} are not REST
 * resources and stay open.
 */
@Provider
@PreMatching
public class AdminTokenFilter implements ContainerRequestFilter {
    /** Who acted through the API, in lifecycle events: the holder of the admin token. */
    public static final String PRINCIPAL = AdminToken.PRINCIPAL;

    @Inject
    AdminToken token;

    @Override
    public void filter(ContainerRequestContext request) {
        BearerToken.Check check = token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (check == BearerToken.Check.VALID) {
            return;
        }
        request.abortWith(Problems.of(Problems.Type.UNAUTHORIZED, AdminToken.detail(check))
                .header(HttpHeaders.WWW_AUTHENTICATE, AdminToken.challenge(check))
                .build());
    }
}
