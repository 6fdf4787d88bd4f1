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

    /** Failed AUTH attempts of one client address within {@link #failureWindow()} that lock the address. */
    @WithDefault("10")
    int maxFailuresPerIp();

    /** Failed AUTH attempts for one login (a gateway's domain) within {@link #failureWindow()} that lock the login. */
    @WithDefault("5")
    int maxFailuresPerLogin();

    /** How long a failure counts. */
    @WithDefault("PT15M")
    Duration failureWindow();

    /** How long a locked login or address gets {@code 454 4.7.0} for every AUTH, right or wrong. */
    @WithDefault("PT15M")
    Duration lockout();

    /** The delay before the {@code 535} of a first failure; it doubles with each further failure. */
    @WithDefault("PT0.5S")
    Duration failureDelay();

    /** The longest delay before a {@code 535}. */
    @WithDefault("PT8S")
    Duration maxFailureDelay();

    /** Logins, and as many client addresses, whose failures are remembered; beyond that the oldest are forgotten. */
    @WithDefault("10000")
    int maxTracked();

    /** The throttle's limits from these settings. */
    default AuthThrottle.Limits limits() {
        return new AuthThrottle.Limits(maxFailuresPerLogin(), maxFailuresPerIp(), failureWindow(), lockout(),
                failureDelay(), maxFailureDelay(), maxTracked());
    }
}
