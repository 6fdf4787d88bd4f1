package io.dequeue.model.event;

import io.dequeue.model.DomainName;

import java.time.Instant;
import java.util.Objects;

/**
 * The edge closed (or gave up) an ATRN session: its grant for the domain ends, and released mail
 * without an outcome returns to HELD.
 *
 * @param requestId unique id
 * @param domain the granted domain
 * @param sessionId the ODMR session
 * @param releaseId the grant's release id
 * @param requestedAt when the session ended
 */
public record AtrnSessionEnd(String requestId, DomainName domain, String sessionId, String releaseId,
                             Instant requestedAt) implements DequeueRequest {
    public AtrnSessionEnd {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.REQUEST_ATRN_END;
    }
}
