package io.dequeue.fetch.daemon;

import io.dequeue.fetch.EtrnOptions;
import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.OdmrOptions;
import io.dequeue.fetch.Pull;
import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;
import io.dequeue.fetch.UpstreamOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns an upstream of the configuration into the same {@link Pull} the {@code odmr} and {@code
 * etrn} commands run, reading its password afresh each time.
 */
final class ConfiguredPulls implements PullRunner {
    private final Map<String, String> environment;

    ConfiguredPulls(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Builds (and so validates) the upstream's pull without running it; for the start-up check. */
    void check(UpstreamConfig u) throws FetchException {
        byte[] password = null;
        try {
            password = password(u);
            pull(u, password);
        } finally {
            clear(password);
        }
    }

    @Override
    public PullResult run(UpstreamConfig u, StopSignal stop) {
        byte[] password = null;
        try {
            password = password(u);
            return pull(u, password).run(stop);
        } catch (FetchException e) {
            return new PullResult(e.exitStatus(), 0, 0, 0, 0, 0, Duration.ZERO, e.getMessage());
        } finally {
            clear(password);
        }
    }

    private Pull pull(UpstreamConfig u, byte[] password) throws FetchException {
        UpstreamOptions upstream = new UpstreamOptions(u.server(), u.tls(), u.caFile(), u.pinSha256(), u.user(), password,
                u.auth(), u.helo(), u.timeout());
        return switch (u.mode()) {
            case ODMR -> Pull.odmr(new OdmrOptions(upstream, u.domains(), u.deliverTo(), u.lmtp()));
            case ETRN -> Pull.etrn(new EtrnOptions(upstream, u.domains(), u.at()));
        };
    }

    private byte[] password(UpstreamConfig u) throws FetchException {
        if (u.password() == null) {
            return null;
        }
        try {
            return u.password().read(environment);
        } catch (IOException e) {
            throw new FetchException(ExitStatus.USAGE, "cannot read the " + u.password() + ": " + e.getMessage());
        }
    }

    private static void clear(byte[] password) {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
    }
}
