package io.dequeue.model.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The admin APIs' bearer token, one bean for every service that has an admin API (services without
 * one never create it). It is read at start from {@code dequeue.admin.token} (env
 * {@code DEQUEUE_ADMIN_TOKEN}) or {@code dequeue.admin.token-file} (env
 * {@code DEQUEUE_ADMIN_TOKEN_FILE}) by {@link AdminTokenSource}: without one, or with one that is
 * too short, the service does not start, and says how to set it. The token is never logged.
 */
@ApplicationScoped
public class AdminToken {
    /** Who acted through an admin API, in events and logs: the holder of the admin token. */
    public static final String PRINCIPAL = "api:admin-token";
    /** The token of the local run; a service using it says so at start. */
    public static final String LOCAL_DEFAULT = "local-admin-token";
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    @ConfigProperty(name = "dequeue.admin.token")
    Optional<String> configured;

    @ConfigProperty(name = "dequeue.admin.token-file")
    Optional<Path> file;

    private BearerToken token;

    @PostConstruct
    void init() {
        String value = AdminTokenSource.resolve(configured, file);
        token = new BearerToken(value);
        if (LOCAL_DEFAULT.equals(value)) {
            LOG.warn("the admin API uses the local run's default token: set DEQUEUE_ADMIN_TOKEN in production");
        }
        configured = Optional.empty();
    }

    /**
     * Does nothing but make the container create the bean, and so check the token: a service with
     * an admin API calls it at start (this bean cannot observe the start itself, or services
     * without an admin API would create it too and fail).
     */
    public void requireConfigured() {
        LOG.debug("the admin token is configured");
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
