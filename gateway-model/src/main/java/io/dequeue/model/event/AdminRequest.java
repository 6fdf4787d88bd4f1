package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;
import io.dequeue.model.settings.DeliverTo;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's action on held mail through the admin API; applied by queue-service exactly once.
 *
 * @param requestId unique id
 * @param domain the domain
 * @param action what to do
 * @param messageId the message for DROP and BOUNCE; null for RELEASE (the whole domain)
 * @param targetOverride for RELEASE: deliver here instead of the gateway's configured target
 * @param reason for BOUNCE: the operator's words for the DSN (at most 1000 characters), or null
 * @param principal who asked (the admin principal, never a token)
 * @param requestedAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminRequest(String requestId, DomainName domain, Action action, String messageId,
                           DeliverTo targetOverride, String reason, String principal,
                           Instant requestedAt) implements DequeueRequest {
    public enum Action {
        @JsonProperty("release") RELEASE,
        @JsonProperty("drop") DROP,
        @JsonProperty("bounce") BOUNCE
    }

    public AdminRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (reason != null && (action != Action.BOUNCE || reason.isBlank() || reason.length() > 1000)) {
            throw new IllegalArgumentException("a reason is for BOUNCE only, 1 to 1000 characters");
        }
        if (action != Action.RELEASE && messageId == null) {
            throw new IllegalArgumentException(action + " needs a message id");
        }
    }

    @Override
    public String eventType() {
        return EventTypes.REQUEST_ADMIN;
    }
}
