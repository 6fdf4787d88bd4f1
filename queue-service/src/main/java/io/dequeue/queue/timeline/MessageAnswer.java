package io.dequeue.queue.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.queue.store.HeldMessage;

import java.time.Instant;
import java.util.List;

/**
 * The answer to "where is message X" for one message.
 *
 * @param messageId the message's id in Dequeue (the queue id, or the queue id and a part number when
 *                  the message was split by recipient domain)
 * @param queueId the id the client was given ({@code 250 2.0.0 Ok: queued as <id>})
 * @param domain the gateway domain it is (or was) held for
 * @param state {@code held}, {@code released} (in flight), or how it settled: {@code delivered},
 *              {@code partly-delivered}, {@code failed}, {@code expired}, {@code bounced},
 *              {@code dropped}, {@code handed-over}; {@code not-held} when it left the queue without a
 *              recorded end (or the queue has not held it yet)
 * @param messageIdHeader the {@code Message-ID:} header field
 * @param sender the envelope sender, empty for the null sender
 * @param size stored size in bytes
 * @param receivedAt when the edge accepted it
 * @param dsn a notification the gateway made
 * @param recipients each recipient with its state and latest reply
 * @param held while it is held: the queue's current view of it
 * @param settledAt when it settled
 * @param timeline its events, oldest first
 * @param omittedEvents events not kept (the per-message limit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageAnswer(String messageId, String queueId, String domain, String state, String messageIdHeader,
                            String sender, Long size, Instant receivedAt, Boolean dsn,
                            List<Settlement.RecipientState> recipients, Held held, Instant settledAt,
                            List<TimelineEvent> timeline, Integer omittedEvents) {

    /** The queue's state of a held message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Held(String state, Instant expiresAt, int attempts, String releaseId, Instant leaseDeadline,
                       ReleaseTarget target, String grantSession, String lastReply, Instant lastAttemptAt) {
        static Held of(HeldMessage m) {
            return new Held(m.state().name().toLowerCase(java.util.Locale.ROOT), m.expiresAt(), m.attempts(),
                    m.releaseId(), m.leaseDeadline(), m.target(), m.grantSession(), m.lastReply(), m.lastAttemptAt());
        }
    }

    /** What a 409 lists of each candidate. */
    public record Match(String messageId, String queueId, String domain, String state, Instant receivedAt) {
    }

    Match match() {
        return new Match(messageId, queueId, domain, state, receivedAt);
    }

    /** The answers of one instance (what a query with {@code scope=local} returns). */
    public record Local(List<MessageAnswer> matches) {
        public Local {
            matches = matches == null ? List.of() : List.copyOf(matches);
        }
    }
}
