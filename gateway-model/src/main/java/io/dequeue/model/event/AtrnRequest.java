package io.dequeue.model.event;

import io.dequeue.model.DomainName;

import java.time.Instant;
import java.util.Objects;

/**
 * ATRN for one domain from an authenticated ODMR session (one request per requested domain).
 *
 * @param requestId unique id
 * @param domain the domain to pull
 * @param sessionId the ODMR session that will receive the mail
 * @param login the authenticated login
 * @param clientAddress the client's real address
 * @param replyPartition the partition of {@code edge.replies} of the edge holding the socket
 * @param requestedAt when the edge received ATRN
 */
public record AtrnRequest(String requestId, DomainName domain, String sessionId, String login, String clientAddress,
                          int replyPartition, Instant requestedAt) implements DequeueRequest {
    public AtrnRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.REQUEST_ATRN;
    }
}
