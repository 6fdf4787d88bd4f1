package io.dequeue.fetch;

import java.time.Duration;

/**
 * What one pull did.
 *
 * @param exitStatus         an {@link ExitStatus}
 * @param messages           messages the local server accepted (for at least one recipient)
 * @param recipientsAccepted recipients the local server accepted the message for
 * @param recipientsDeferred recipients answered 4xx (the mail stays held upstream for them)
 * @param recipientsRejected recipients answered 5xx (upstream bounces them)
 * @param bytes              message bytes relayed to the local server (as on the wire)
 * @param elapsed            wall time of the session
 * @param upstreamReply      the deciding upstream reply (ATRN or ETRN replies), or the failure text
 */
public record PullResult(int exitStatus, long messages, long recipientsAccepted, long recipientsDeferred,
        long recipientsRejected, long bytes, Duration elapsed, String upstreamReply) {

    /** One line for logs and the command line. */
    public String summary() {
        return String.format("status=%d (%s) messages=%d accepted=%d deferred=%d rejected=%d bytes=%d elapsed=%dms upstream=\"%s\"",
                exitStatus, ExitStatus.describe(exitStatus), messages, recipientsAccepted, recipientsDeferred,
                recipientsRejected, bytes, elapsed.toMillis(), upstreamReply == null ? "" : upstreamReply);
    }
}
