package io.dequeue.config;

import io.smallrye.config.ConfigMapping;

/** The admin API's settings ({@code dequeue.admin.*}). */
@ConfigMapping(prefix = "dequeue.admin")
public interface AdminSettings {
    /** The bearer token of the admin API ({@code DEQUEUE_ADMIN_TOKEN}). Never logged. */
    String token();
}
