package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;

import java.time.Instant;

/**
 * The answer to an {@link EtrnRequest}.
 *
 * @param requestId the request answered
 * @param domain the domain
 * @param outcome what happened
 * @param released how many messages this request released (0 with NONE)
 * @param alreadyInFlight how many were already released by an earlier request and are still leased
 * @param answeredAt when
 */
public record EtrnAnswer(String requestId, DomainName domain, Outcome outcome, int released, int alreadyInFlight,
                         Instant answeredAt) implements EdgeReply {
    public enum Outcome {
        /** Messages were released. */
        @JsonProperty("released") RELEASED,
        /** Nothing is held for the domain. */
        @JsonProperty("none") NONE,
        /** The gateway no longer accepts ETRN (settings changed after the edge's check). */
        @JsonProperty("refused") REFUSED
    }

    @Override
    public String eventType() {
        return EventTypes.REPLY_ETRN;
    }
}
