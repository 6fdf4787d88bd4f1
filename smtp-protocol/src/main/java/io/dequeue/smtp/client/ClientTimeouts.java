package io.dequeue.smtp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits, per RFC 5321 4.5.3.2. Every expiry is a transient failure and ends the
 * session.
 *
 * @param greeting  the peer's 220 (5 min)
 * @param command   EHLO/HELO, STARTTLS, AUTH, RSET, QUIT replies (5 min)
 * @param mail      the MAIL reply (5 min)
 * @param rcpt      each RCPT reply (5 min)
 * @param dataStart the 354 to DATA (2 min)
 * @param dataBlock each block of the message to be written (3 min)
 * @param dataEnd   the reply after the final "." (10 min)
 */
public record ClientTimeouts(Duration greeting, Duration command, Duration mail, Duration rcpt, Duration dataStart,
                             Duration dataBlock, Duration dataEnd) {

    public ClientTimeouts {
        for (Duration d : new Duration[] {greeting, command, mail, rcpt, dataStart, dataBlock, dataEnd}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    /** The RFC 5321 values. */
    public static ClientTimeouts rfc5321() {
        return new ClientTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** The same value everywhere (tests). */
    public static ClientTimeouts uniform(Duration d) {
        return new ClientTimeouts(d, d, d, d, d, d, d);
    }
}
