package io.dequeue.fetch.session;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.OdmrOptions;
import io.dequeue.fetch.Pull;
import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;
import io.dequeue.smtp.reply.Reply;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * One ODMR pull (RFC 2645): the local server's connection is opened first (if it is down, nothing
 * is asked upstream), then the upstream session (TLS, AUTH), then {@code ATRN [domain,...]}:
 * <ul>
 * <li>250: the roles turn and the {@link ReversedSession} relays the mail;</li>
 * <li>453 (no mail waiting): exit 0;</li>
 * <li>450, 451 and other 4xx: exit 5; 5xx: exit 6.</li>
 * </ul>
 */
public final class OdmrPull implements Pull {

    private static final Logger LOG = Logger.getLogger("io.dequeue.fetch.odmr");

    private final OdmrOptions options;

    public OdmrPull(OdmrOptions options) {
        this.options = options;
    }

    /** The ATRN command line for the configured domains. */
    String atrnLine() {
        return options.domains().isEmpty() ? "ATRN" : "ATRN " + String.join(",", options.domains());
    }

    @Override
    public PullResult run(StopSignal stop) {
        long start = System.nanoTime();
        Counters counters = new Counters();
        String upstreamReply = null;
        int status;
        LocalServer local = null;
        try (UpstreamClient up = new UpstreamClient(options.upstream())) {
            if (stop.requested()) {
                throw new FetchException(ExitStatus.INTERRUPTED, "stop requested before the pull");
            }
            try {
                local = LocalServer.open(options.deliverTo(), options.lmtp(), options.upstream().helo(), options.upstream().timeout());
            } catch (IOException e) {
                throw new FetchException(ExitStatus.LOCAL_FAILED, "local mail server " + options.deliverTo() + " unavailable: "
                        + e.getMessage() + " (nothing asked upstream)", e);
            }
            up.open();
            if (stop.requested()) {
                up.quit();
                throw new FetchException(ExitStatus.INTERRUPTED, "stop requested before ATRN");
            }
            Reply r = up.command(atrnLine());
            upstreamReply = r.toString();
            if (r.code() == 250) {
                if (up.replies().buffered() > 0) {
                    throw new FetchException(ExitStatus.CONNECTION, "upstream sent bytes after ATRN 250 before the turn");
                }
                status = new ReversedSession(up.wire(), local, options.upstream().helo(), stop, counters).run();
                local = null;
            } else {
                up.quit();
                if (r.code() == 453) {
                    status = ExitStatus.OK;
                } else if (r.isTransientFailure()) {
                    status = ExitStatus.UPSTREAM_TEMPORARY;
                } else {
                    status = ExitStatus.UPSTREAM_PERMANENT;
                }
            }
        } catch (FetchException e) {
            status = e.exitStatus();
            upstreamReply = upstreamReply == null ? e.getMessage() : upstreamReply + "; " + e.getMessage();
            LOG.warning(e.getMessage());
        } finally {
            if (local != null) {
                local.quit();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        PullResult result = new PullResult(status, counters.messages, counters.accepted, counters.deferred, counters.rejected,
                counters.bytes, elapsed, upstreamReply);
        LOG.info(() -> "pull from " + options.upstream().server() + ": " + result.summary());
        return result;
    }
}
