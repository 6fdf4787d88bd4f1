package io.dequeue.model.event;

import io.dequeue.model.DomainName;

import java.time.Instant;
import java.util.Objects;

/**
 * ETRN for one domain from an SMTP session of an edge.
 *
 * @param requestId unique id
 * @param domain the gateway domain (an {@code @domain} ETRN is expanded by the edge, one request per domain)
 * @param requesterAddress the real client address (PROXY-protocol aware): the target when the gateway delivers to the requester
 * @param sessionId the SMTP session
 * @param replyPartition the partition of {@code edge.replies} the asking edge reads
 * @param authLogin the session's authenticated login, or null
 * @param requestedAt when the edge received ETRN
 */
public record EtrnRequest(String requestId, DomainName domain, String requesterAddress, String sessionId,
                          int replyPartition, String authLogin, Instant requestedAt) implements DequeueRequest {
    public EtrnRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(requesterAddress, "requesterAddress");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.REQUEST_ETRN;
    }
}
