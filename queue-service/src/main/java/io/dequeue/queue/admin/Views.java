package io.dequeue.queue.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.queue.store.HeldMessage;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the admin API. */
public final class Views {
    private Views() {
    }

    /** What one domain holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DomainUsage(String domain, long heldCount, long heldBytes, Instant oldestHeldAt, long inFlight) {
    }

    public record Queues(List<DomainUsage> queues) {
    }

    /** One held message in a list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageSummary(String id, long sequence, String sender, List<String> recipients, long size,
                                 Instant receivedAt, String state, int attempts, String lastReply, Instant expiresAt,
                                 String releaseId, Instant leaseDeadline) {
        static MessageSummary of(HeldMessage m) {
            return new MessageSummary(m.messageId(), m.sequence(), m.sender(),
                    m.pending().stream().map(Envelope.Recipient::address).toList(), m.size(), m.receivedAt(),
                    m.state().name().toLowerCase(), m.attempts(), m.lastReply(), m.expiresAt(), m.releaseId(),
                    m.leaseDeadline());
        }
    }

    /** A page of a domain's held messages, oldest first; {@code next} is the cursor of the following page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessagePage(String domain, List<MessageSummary> messages, String next) {
    }

    /** One header field of a held message. */
    public record HeaderField(String name, String value) {
    }

    /** One held message in full (without its body unless asked for with {@code ?raw=true}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageDetail(MessageSummary message, Envelope envelope, ReleaseTarget target, String grantSession,
                                List<HeaderField> headers) {
    }

    /** The optional body of a release request. */
    public record ReleaseBody(DeliverTo target) {
    }

    /** The optional body of a bounce request. */
    public record BounceBody(String reason) {
    }

    /** The answer to a change: it is queued as an admin request, applied exactly once by the topology. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(String requestId, String action, String domain, String messageId, String principal) {
    }
}
