package io.dequeue.queue.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a message's timeline: a {@code mail.lifecycle} event without what the key and the
 * summary already hold (domain, message id, sender).
 *
 * @param type the lifecycle type ({@code accepted}, {@code held}, {@code released}, {@code delivered}, ...)
 * @param at when it happened
 * @param service which service recorded it
 * @param details its small facts (recipient, reply, remote host, release id, target, attempt, reason, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TimelineEvent(String type, Instant at, String service, Map<String, Object> details) {
    public TimelineEvent {
        details = details == null ? Map.of() : details;
    }

    /** A detail as text, or null. */
    String detail(String name) {
        Object v = details.get(name);
        return v == null ? null : v.toString();
    }
}
