package io.dequeue.queue.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the timeline store keeps about one message besides its events: the envelope summary from
 * {@code mail.accepted} (absent while only lifecycle events were seen) and, once it settled, when
 * and how.
 *
 * @param domain the domain it was held for
 * @param queueId the id the client was given (the message id itself, or its prefix when the
 *                message was split by recipient domain)
 * @param sender the reverse path, empty for the null sender
 * @param recipients this domain's recipients
 * @param size stored size in bytes
 * @param receivedAt when the edge accepted it
 * @param headerMessageId the {@code Message-ID:} header field, or null
 * @param dsn a notification the gateway made
 * @param settledAt when it settled (left the queue for good), or null; kept under its own key
 *                  ({@link TimelineKeys#settlement}), filled in when read
 * @param outcome how it settled ({@link Settlement}), or null; as {@code settledAt}
 * @param omittedEvents events not kept because the message reached the per-message limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MessageSummary(String domain, String queueId, String sender, List<String> recipients, Long size,
                      Instant receivedAt, String headerMessageId, Boolean dsn, Instant settledAt, String outcome,
                      Integer omittedEvents) {

    MessageSummary {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** Only lifecycle events seen so far (mail.accepted not yet, or from before the store existed). */
    static MessageSummary placeholder(String domain) {
        return new MessageSummary(domain, null, null, List.of(), null, null, null, null, null, null, null);
    }

    boolean settled() {
        return settledAt != null;
    }

    boolean hasEnvelope() {
        return receivedAt != null;
    }

    MessageSummary withEnvelope(String queueId, String sender, List<String> recipients, long size, Instant receivedAt,
                                String headerMessageId, boolean dsn) {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId,
                dsn ? Boolean.TRUE : null, settledAt, outcome, omittedEvents);
    }

    MessageSummary settledAs(Instant at, String how) {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId, dsn, at, how,
                omittedEvents);
    }

    MessageSummary omittedOneMore() {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId, dsn, settledAt,
                outcome, omittedEvents == null ? 1 : omittedEvents + 1);
    }
}
