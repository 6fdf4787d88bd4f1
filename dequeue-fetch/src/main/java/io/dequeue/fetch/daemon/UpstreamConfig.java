package io.dequeue.fetch.daemon;

import io.dequeue.fetch.AuthMechanism;
import io.dequeue.fetch.HostPort;
import io.dequeue.fetch.UpstreamTls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One upstream of the daemon's configuration: the options of the {@code odmr} or {@code etrn}
 * command, validated, and its schedule. Optional settings are null when not given (the command's
 * defaults apply). Holds no password, only where to read it ({@link PasswordSource}).
 */
public record UpstreamConfig(String name, Mode mode, HostPort server, UpstreamTls tls, Path caFile, String pinSha256,
                             String user, PasswordSource password, AuthMechanism auth, List<String> domains,
                             HostPort deliverTo, boolean lmtp, String helo, Duration timeout, boolean at,
                             ScheduleSettings schedule) {
    public enum Mode {
        ODMR, ETRN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public UpstreamConfig {
        domains = List.copyOf(domains);
    }
}
