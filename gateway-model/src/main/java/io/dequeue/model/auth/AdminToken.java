package io.dequeue.model.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The admin APIs' bearer token ({@code dequeue.admin.token}, from {@code DEQUEUE_ADMIN_TOKEN}),
 * one bean for every service that has an admin API (services without one never create it). Quarkus
 * checks at start that the property is set and not empty, so a service with an admin API and no
 * token does not start. The token is never logged.
 */
@ApplicationScoped
public class AdminToken {
    /** Who acted through an admin API, in events and logs: the holder of the admin token. */
    public static final String PRINCIPAL = "api:admin-token";
    /** The token of the local run; a service using it says so at start. */
    public static final String LOCAL_DEFAULT = "local-admin-token";
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    @ConfigProperty(name = "dequeue.admin.token")
    String configured;

    private BearerToken token;

    @PostConstruct
    void init() {
        token = new BearerToken(configured);
        if (LOCAL_DEFAULT.equals(configured)) {
            LOG.warn("the admin API uses the local run's default token: set DEQUEUE_ADMIN_TOKEN in production");
        }
        configured = null;
    }

    /** The {@code WWW-Authenticate} value of a 401 answer to a request that failed {@code check}. */
    public static String challenge(BearerToken.Check check) {
        String realm = "Bearer realm=\"dequeue\"";
        return check == BearerToken.Check.MISSING ? realm : realm + ", error=\"invalid_token\"";
    }

    /** The problem detail of a 401 answer to a request that failed {@code check}. */
    public static String detail(BearerToken.Check check) {
        return check == BearerToken.Check.MISSING ? "Send Authorization: Bearer <admin token>."
                : "The bearer token is not valid.";
    }

    /** Checks the value of an {@code Authorization} header. */
    public BearerToken.Check check(String authorization) {
        return token.check(authorization);
    }
}
