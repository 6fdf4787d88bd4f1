package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A value of {@code delivery.outcomes}: the result of one delivery attempt of one released message,
 * per recipient.
 *
 * @param releaseId the release the attempt belonged to; stale ids are ignored by queue-service
 * @param domain the domain the message was held for
 * @param messageId the message
 * @param results one result per recipient attempted
 * @param deliveredBy {@code delivery-service} or {@code smtp-edge:<session>} for ATRN
 * @param remoteHost the host that answered, when known
 * @param at when the attempt ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryOutcome(String releaseId, DomainName domain, String messageId, List<RecipientResult> results,
                              String deliveredBy, String remoteHost, Instant at) {

    public enum Status {
        @JsonProperty("delivered") DELIVERED,
        @JsonProperty("transient") TRANSIENT,
        @JsonProperty("permanent") PERMANENT
    }

    /**
     * One recipient's result.
     *
     * @param recipient the forward path
     * @param status delivered, transient failure (stays held), permanent failure (DSN)
     * @param reply the SMTP reply that decided it, or a synthetic one for local failures
     */
    public record RecipientResult(String recipient, Status status, SmtpReplyInfo reply) {
        public RecipientResult {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * An SMTP reply as text, for people and DSNs.
     *
     * @param code the three-digit code
     * @param enhanced the enhanced status code, or null
     * @param text the reply text (lines joined with a space)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmtpReplyInfo(int code, String enhanced, String text) {
    }

    public DeliveryOutcome {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(messageId, "messageId");
        results = List.copyOf(results);
        Objects.requireNonNull(at, "at");
    }
}
