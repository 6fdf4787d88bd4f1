package io.dequeue.config.auth;

import io.dequeue.model.auth.AdminToken;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Checks the admin token when the service starts rather than at the first request: without one
 * (or with one that is too short) the service does not start, and its log says how to set one.
 */
@ApplicationScoped
public class AdminTokenAtStart {
    @Inject
    AdminToken token;

    void onStart(@Observes StartupEvent event) {
        token.requireConfigured();
    }
}
