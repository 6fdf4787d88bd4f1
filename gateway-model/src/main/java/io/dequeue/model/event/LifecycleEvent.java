package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * A value of {@code mail.lifecycle}: a small audit event for people and dashboards. Never carries
 * a secret or a message body.
 *
 * @param type what happened
 * @param domain the domain concerned
 * @param messageId the message concerned, if any
 * @param service the service that saw it ({@code smtp-edge}, {@code queue-service}, ...)
 * @param at when, kept to the millisecond (as it is written; finer digits would only add bytes)
 * @param details small, flat facts (sender, recipient, reply, client address, counts, principal)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleEvent(Type type, DomainName domain, String messageId, String service, Instant at,
                             Map<String, Object> details) {
    public enum Type {
        @JsonProperty("accepted") ACCEPTED,
        @JsonProperty("held") HELD,
        @JsonProperty("etrn") ETRN,
        @JsonProperty("atrn") ATRN,
        @JsonProperty("released") RELEASED,
        @JsonProperty("delivered") DELIVERED,
        @JsonProperty("deferred") DEFERRED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("expired") EXPIRED,
        @JsonProperty("bounced") BOUNCED,
        @JsonProperty("dropped") DROPPED,
        @JsonProperty("gateway-changed") GATEWAY_CHANGED;

        /** The JSON name, also the last part of the CloudEvents type. */
        public String wireName() {
            try {
                return Type.class.getField(name()).getAnnotation(JsonProperty.class).value();
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public LifecycleEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(service, "service");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        if (details == null) {
            details = Map.of();
        } else {
            details.forEach((k, v) -> Objects.requireNonNull(v, "detail " + k));
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }

    public String eventType() {
        return EventTypes.LIFECYCLE_PREFIX + type.wireName();
    }
}
