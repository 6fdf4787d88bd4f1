package io.dequeue.queue.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The admin API's settings ({@code dequeue.admin.*}). */
@ConfigMapping(prefix = "dequeue.admin")
public interface AdminSettings {
    /** The bearer token of the admin API ({@code DEQUEUE_ADMIN_TOKEN}). Never logged. */
    String token();

    /** How long a query forwarded to the instance that owns a domain may take. */
    @WithDefault("PT10S")
    Duration forwardTimeout();
}
