package io.dequeue.queue.store;

import java.time.Instant;

/**
 * A live ATRN grant: one ODMR session may pull the domain's mail until the lease ends (each
 * outcome of the session renews it) or the session ends.
 *
 * @param domain the granted domain
 * @param sessionId the ODMR session
 * @param releaseId the release id of the messages sent to the session
 * @param requestId the ATRN request
 * @param replyPartition the {@code edge.replies} partition of the edge holding the socket
 * @param login the authenticated login
 * @param leaseDeadline when the grant ends unless renewed
 * @param grantedAt when it was granted
 */
public record AtrnGrant(String domain, String sessionId, String releaseId, String requestId, int replyPartition,
                        String login, Instant leaseDeadline, Instant grantedAt) {

    public String key() {
        return StateKey.scoped(domain, sessionId);
    }

    public AtrnGrant renewedUntil(Instant deadline) {
        return new AtrnGrant(domain, sessionId, releaseId, requestId, replyPartition, login, deadline, grantedAt);
    }
}
