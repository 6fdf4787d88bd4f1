package io.dequeue.config.auth;

import io.dequeue.config.AdminSettings;
import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.PostConstruct;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The configured admin token ({@code dequeue.admin.token}), read when first needed at run time. */
@ApplicationScoped
public class AdminToken {
    static final String DEFAULT_TOKEN = "local-admin-token";
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    @Inject
    AdminSettings settings;

    private BearerToken token;

    @PostConstruct
    void init() {
        String configured = settings.token();
        token = new BearerToken(configured);
        if (DEFAULT_TOKEN.equals(configured) && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("the admin API uses the built-in default token: set DEQUEUE_ADMIN_TOKEN");
        }
    }

    /** Reads the token at start, so a missing one stops the service at once. */
    void onStart(@Observes StartupEvent event) {
        token.toString();
    }

    public BearerToken.Check check(String authorization) {
        return token.check(authorization);
    }
}
