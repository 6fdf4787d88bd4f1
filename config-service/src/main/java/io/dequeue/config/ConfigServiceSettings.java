package io.dequeue.config;

import io.dequeue.model.credential.Pbkdf2Hash;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's own settings ({@code dequeue.config.*}). The admin token is {@code dequeue.admin.token} ({@link io.dequeue.model.auth.AdminToken}).
 *
 * <p>Deliberately not one mapping of the whole {@code dequeue} prefix: a mapping rejects unknown
 * properties under its prefix, and other {@code dequeue.*} properties exist (local-kafka's
 * {@code dequeue.localkafka.*} system property in tests, for one).
 */
@ConfigMapping(prefix = "dequeue.config")
public interface ConfigServiceSettings {

    /** A YAML file of gateways the topic is reconciled to at start (for example a mounted ConfigMap). */
    Optional<Path> importFile();

    /** How long a write may take until it is acknowledged and visible in the gateway view. */
    @WithDefault("PT15S")
    Duration writeTimeout();

    /**
     * PBKDF2 iterations of new password hashes: OWASP's 600,000 for PBKDF2-HMAC-SHA256. Tests set a
     * lower count ({@code %test} profile) only to keep their run time down; a lower count outside
     * tests is logged as a warning at start.
     */
    @WithDefault("" + Pbkdf2Hash.DEFAULT_ITERATIONS)
    int passwordHashIterations();
}
