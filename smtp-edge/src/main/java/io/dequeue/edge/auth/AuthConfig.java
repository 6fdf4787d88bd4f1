package io.dequeue.edge.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** AUTH on the edge's listeners (prefix {@code dequeue.edge.auth}). */
@ConfigMapping(prefix = "dequeue.edge.auth")
public interface AuthConfig {
    /** Offer PLAIN and LOGIN on the SMTP port without TLS (local use only; CRAM-MD5 is always offered). */
    @WithDefault("false")
    boolean allowInsecure();

    /** Failed AUTH attempts of one client IP within {@link #failureWindow()} before its AUTH is refused ({@code 454 4.7.0}). */
    @WithDefault("10")
    int maxFailuresPerIp();

    @WithDefault("PT5M")
    Duration failureWindow();
}
