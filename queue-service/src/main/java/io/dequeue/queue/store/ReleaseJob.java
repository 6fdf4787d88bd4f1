package io.dequeue.queue.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.event.ReleaseTarget;

import java.time.Instant;

/**
 * A release in progress: the domain's held messages are released in bounded batches (so that one
 * transaction never grows with the size of a domain); the job remembers where to continue.
 *
 * @param domain the domain
 * @param releaseId the release
 * @param kind who asked
 * @param target where the messages go (ETRN, admin), or null (ATRN, hand-off)
 * @param handoffDomain the local gateway domain that takes the mail instead of a delivery, or null
 * @param sessionId the ATRN session (ATRN), or the SMTP session (ETRN), or null
 * @param replyPartition the edge's reply partition (ATRN)
 * @param requestId the request that started it
 * @param principal who asked (login, client address or admin principal), for lifecycle events
 * @param leaseDeadline the grant's lease for ATRN, null otherwise (each message gets its own)
 * @param resumeAt the state key to continue from (inclusive)
 * @param released how many messages it released so far
 * @param startedAt when it started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseJob(String domain, String releaseId, Kind kind, ReleaseTarget target, String handoffDomain,
                         String sessionId, int replyPartition, String requestId, String principal,
                         Instant leaseDeadline, String resumeAt, long released, Instant startedAt) {
    public enum Kind { ETRN, ADMIN, ATRN }

    public String key() {
        return StateKey.scoped(domain, releaseId);
    }

    public ReleaseJob continueAt(String next, long releasedNow) {
        return new ReleaseJob(domain, releaseId, kind, target, handoffDomain, sessionId, replyPartition, requestId,
                principal, leaseDeadline, next, released + releasedNow, startedAt);
    }

    public ReleaseJob withLease(Instant deadline) {
        return new ReleaseJob(domain, releaseId, kind, target, handoffDomain, sessionId, replyPartition, requestId,
                principal, deadline, resumeAt, released, startedAt);
    }
}
