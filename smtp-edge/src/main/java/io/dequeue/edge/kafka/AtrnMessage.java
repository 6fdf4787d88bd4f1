package io.dequeue.edge.kafka;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;

/**
 * A message released to an ATRN session, read from this edge's partition of {@code edge.replies}.
 *
 * @param domain the granted domain
 * @param sessionId the ODMR session it is for
 * @param releaseId the grant's release id, named in the outcome
 * @param envelope the envelope (recipients of the granted domain only)
 * @param message the raw message bytes
 */
public record AtrnMessage(DomainName domain, String sessionId, String releaseId, Envelope envelope, byte[] message) {
}
