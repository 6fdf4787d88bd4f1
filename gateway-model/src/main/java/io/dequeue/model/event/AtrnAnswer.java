package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;

import java.time.Instant;

/**
 * The answer to an {@link AtrnRequest}. With GRANTED, the released messages follow on the same
 * partition of {@code edge.replies}, each naming the release id.
 *
 * @param requestId the request answered
 * @param domain the domain
 * @param sessionId the ODMR session
 * @param outcome granted, busy (another session holds the domain), no-mail, refused
 * @param releaseId the grant's release id (GRANTED only)
 * @param leaseDeadline when the grant ends unless renewed by outcomes (GRANTED only)
 * @param messages how many messages follow (GRANTED only)
 * @param answeredAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AtrnAnswer(String requestId, DomainName domain, String sessionId, Outcome outcome, String releaseId,
                         Instant leaseDeadline, int messages, Instant answeredAt) implements EdgeReply {
    public enum Outcome {
        @JsonProperty("granted") GRANTED,
        @JsonProperty("busy") BUSY,
        @JsonProperty("no-mail") NO_MAIL,
        @JsonProperty("refused") REFUSED
    }

    @Override
    public String eventType() {
        return EventTypes.REPLY_ATRN;
    }
}
