package io.dequeue.fetch.session;

import io.dequeue.fetch.EtrnOptions;
import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.Pull;
import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;
import io.dequeue.smtp.reply.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * ETRN (RFC 1985): optional AUTH, then one {@code ETRN domain} (or {@code ETRN @domain}) per domain.
 * Each reply is logged; the pull's status is the worst of them by {@link ExitStatus#worse}: 250,
 * 251, 252, 253 are OK, 458 and other 4xx temporary, 459 (node not allowed, a 4xx code in
 * RFC 1985 that no retry cures) and every 5xx permanent.
 */
public final class EtrnPull implements Pull {

    private static final Logger LOG = Logger.getLogger("io.dequeue.fetch.etrn");

    private final EtrnOptions options;

    public EtrnPull(EtrnOptions options) {
        this.options = options;
    }

    /** The exit status for one ETRN reply. */
    public static int statusOf(Reply r) {
        if (r.isPositiveCompletion()) {
            return ExitStatus.OK;
        }
        if (r.code() == 459) {
            // "node not allowed": a 4xx code by RFC 1985, but retrying will not help
            return ExitStatus.UPSTREAM_PERMANENT;
        }
        return r.isTransientFailure() ? ExitStatus.UPSTREAM_TEMPORARY : ExitStatus.UPSTREAM_PERMANENT;
    }

    @Override
    public PullResult run(StopSignal stop) {
        long start = System.nanoTime();
        List<String> replies = new ArrayList<>();
        int status = ExitStatus.OK;
        try (UpstreamClient up = new UpstreamClient(options.upstream())) {
            up.open();
            for (String domain : options.domains()) {
                if (stop.requested()) {
                    status = ExitStatus.worse(status, ExitStatus.INTERRUPTED);
                    break;
                }
                String arg = (options.at() ? "@" : "") + domain;
                Reply r = up.command("ETRN " + arg);
                LOG.info(() -> "ETRN " + arg + ": " + r);
                replies.add(arg + ": " + r);
                status = ExitStatus.worse(status, statusOf(r));
            }
            up.quit();
        } catch (FetchException e) {
            LOG.warning(e.getMessage());
            replies.add(e.getMessage());
            status = ExitStatus.worse(status, e.exitStatus());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new PullResult(status, 0, 0, 0, 0, 0, elapsed, String.join("; ", replies));
    }
}
