package io.dequeue.queue.dsn;

import io.dequeue.model.Envelope;

import java.time.Instant;
import java.util.Objects;

/**
 * The per-recipient fields of a delivery status notification (RFC 3464 section 2.3).
 *
 * @param recipient the recipient, with its ORCPT
 * @param action failed or delayed
 * @param status the enhanced status code, e.g. {@code 5.1.1} or {@code 4.4.7}
 * @param diagnosticCode {@code type; text}, e.g. {@code smtp; 550 5.1.1 User unknown}, or null
 * @param remoteMta the host that answered, or null
 * @param lastAttempt when delivery was last tried, or null
 * @param willRetryUntil for delayed: when the gateway gives up, or null
 */
public record RecipientStatus(Envelope.Recipient recipient, Action action, String status, String diagnosticCode,
                              String remoteMta, Instant lastAttempt, Instant willRetryUntil) {
    public enum Action {
        FAILED("failed"), DELAYED("delayed");

        final String field;

        Action(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public RecipientStatus {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        if (!status.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("not an enhanced status code: " + status);
        }
    }

    public static RecipientStatus failed(Envelope.Recipient r, String status, String diagnosticCode, String remoteMta,
                                         Instant lastAttempt) {
        return new RecipientStatus(r, Action.FAILED, status, diagnosticCode, remoteMta, lastAttempt, null);
    }

    public static RecipientStatus delayed(Envelope.Recipient r, String status, String diagnosticCode,
                                          Instant willRetryUntil) {
        return new RecipientStatus(r, Action.DELAYED, status, diagnosticCode, null, null, willRetryUntil);
    }

    /** Whether the recipient's NOTIFY asks for (or allows) this notice. */
    public boolean wanted() {
        return action == Action.FAILED ? recipient.wantsFailureNotice() : recipient.wantsDelayNotice();
    }
}
