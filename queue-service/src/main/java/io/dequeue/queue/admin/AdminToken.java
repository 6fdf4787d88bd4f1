package io.dequeue.queue.admin;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The configured admin token ({@code dequeue.admin.token}), read at run time. */
@ApplicationScoped
public class AdminToken {
    static final String DEFAULT_TOKEN = "local-admin-token";
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    @Inject
    AdminSettings settings;

    private BearerToken token;

    @PostConstruct
    void init() {
        token = new BearerToken(settings.token());
        if (DEFAULT_TOKEN.equals(settings.token()) && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("the admin API uses the built-in default token: set DEQUEUE_ADMIN_TOKEN");
        }
    }

    /** Reads the token at start, so that an empty one stops the service at once. */
    void onStart(@Observes StartupEvent event) {
        token.toString();
    }

    public BearerToken.Check check(String authorization) {
        return token.check(authorization);
    }
}
