package io.dequeue.queue.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The admin API's settings ({@code dequeue.admin.*}). */
@ConfigMapping(prefix = "dequeue.admin")
public interface AdminSettings {
    /**
     * The bearer token of the admin API ({@code DEQUEUE_ADMIN_TOKEN}); or {@link #tokenFile()}. Read
     * and checked by {@link io.dequeue.model.auth.AdminToken}; never logged.
     */
    Optional<String> token();

    /** A file holding the admin token ({@code DEQUEUE_ADMIN_TOKEN_FILE}, e.g. a mounted Secret). */
    Optional<Path> tokenFile();

    /** How long a query forwarded to the instance that owns a domain may take. */
    @WithDefault("PT10S")
    Duration forwardTimeout();
}
