package io.dequeue.queue.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the timeline store keeps about one message besides its events: the envelope summary from
 * {@code mail.accepted} (absent while only lifecycle events were seen) with the first two steps of
 * its timeline, which the timeline records from that record and the queue's processing of it rather
 * than reading them back from {@code mail.lifecycle} (the edge's {@code accepted}, the queue's
 * {@code held}); once it settled, when and how.
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
 * @param acceptedAt when smtp-edge handed it to Kafka (its {@code mail.accepted} record's timestamp, the
 *                   time of the edge's {@code accepted} event), or null when the edge did not accept it (a
 *                   DSN, a hand-over) or the summary is older than this field
 * @param client the client's address, the {@code accepted} event's {@code client}, or null
 * @param held the queue's {@code held} event of it, or null (not held: a copy of a held message; or a
 *             summary older than this field, whose {@code held} is an event entry)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MessageSummary(String domain, String queueId, String sender, List<String> recipients, Long size,
                      Instant receivedAt, String headerMessageId, Boolean dsn, Instant settledAt, String outcome,
                      Integer omittedEvents, Instant acceptedAt, String client, TimelineEvent held) {

    /** The service whose {@code accepted} event the summary stands for. */
    static final String ACCEPTED_BY = "smtp-edge";

    MessageSummary {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** Only lifecycle events seen so far (mail.accepted not yet, or from before the store existed). */
    static MessageSummary placeholder(String domain) {
        return new MessageSummary(domain, null, null, List.of(), null, null, null, null, null, null, null, null,
                null, null);
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
                dsn ? Boolean.TRUE : null, settledAt, outcome, omittedEvents, acceptedAt, client, held);
    }

    /** With the steps recorded from the {@code mail.accepted} record and the queue's processing of it. */
    MessageSummary withSteps(Instant accepted, String clientAddress, TimelineEvent heldEvent) {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId, dsn,
                settledAt, outcome, omittedEvents, accepted, clientAddress, heldEvent);
    }

    /** How many steps the summary holds: they count against the per-message limit as the events they stand for. */
    int stepCount() {
        return (acceptedAt == null ? 0 : 1) + (held == null ? 0 : 1);
    }

    /**
     * The steps the summary holds, as the events they stand for: the edge's {@code accepted} (its
     * details as smtp-edge's {@code MailStore} writes them, without the sender the summary holds) and
     * the queue's {@code held}.
     */
    List<TimelineEvent> steps(String messageId) {
        List<TimelineEvent> r = new java.util.ArrayList<>(2);
        if (acceptedAt != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (queueId != null && !queueId.equals(messageId)) {
                d.put("queueId", queueId);
            }
            d.put("recipients", recipients.size());
            if (size != null) {
                d.put("size", size <= Integer.MAX_VALUE ? (Object) size.intValue() : size);
            }
            if (client != null) {
                d.put("client", client);
            }
            r.add(new TimelineEvent("accepted", acceptedAt, ACCEPTED_BY, d));
        }
        if (held != null) {
            r.add(held);
        }
        return r;
    }

    MessageSummary settledAs(Instant at, String how) {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId, dsn, at, how,
                omittedEvents, acceptedAt, client, held);
    }

    MessageSummary omittedOneMore() {
        return new MessageSummary(domain, queueId, sender, recipients, size, receivedAt, headerMessageId, dsn, settledAt,
                outcome, omittedEvents == null ? 1 : omittedEvents + 1, acceptedAt, client, held);
    }
}
