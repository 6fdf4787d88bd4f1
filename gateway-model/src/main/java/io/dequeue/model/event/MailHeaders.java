package io.dequeue.model.event;

import io.dequeue.model.Envelope;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import org.apache.kafka.common.header.Headers;

import java.time.Instant;

/**
 * The headers of mail-carrying records: the envelope as JSON in {@code dq_envelope}, and on
 * released records the release id, lease deadline and target, and (when the record names its body
 * instead of carrying it) the body's place in {@code mail.accepted}.
 */
public final class MailHeaders {
    public static final String ENVELOPE = "dq_envelope";
    public static final String RELEASE_ID = "dq_release_id";
    public static final String LEASE_DEADLINE = "dq_lease_deadline";
    public static final String TARGET = "dq_target";
    public static final String ATTEMPT = "dq_attempt";
    /** On ATRN messages of {@code edge.replies}: the session they are for. */
    public static final String SESSION_ID = "dq_session_id";
    /** On DSNs made by the gateway: they are never bounced again. */
    public static final String IS_DSN = "dq_dsn";
    /**
     * On {@code mail.accepted} records written by queue-service when an ETRN target is itself a
     * gateway domain here: how many such hand-offs the message has been through (decimal), so that
     * a loop between gateway domains ends.
     */
    public static final String HANDOFF = "dq_handoff";
    /**
     * On {@code mail.released} records that name their body instead of carrying it (their value is
     * empty): the {@code mail.accepted} partition of the body's record (decimal).
     */
    public static final String ACCEPTED_PARTITION = "dq_accepted_partition";
    /** With {@link #ACCEPTED_PARTITION}: the offset of the body's {@code mail.accepted} record (decimal). */
    public static final String ACCEPTED_OFFSET = "dq_accepted_offset";

    private MailHeaders() {
    }

    public static void putEnvelope(Headers h, Envelope envelope) {
        CloudEvents.put(h, ENVELOPE, Json.writeString(envelope));
    }

    public static Envelope envelope(Headers h) {
        String json = CloudEvents.get(h, ENVELOPE);
        if (json == null) {
            throw new IllegalArgumentException("record has no " + ENVELOPE + " header");
        }
        return Json.read(json, Envelope.class);
    }

    /** Sets the release headers of a {@code mail.released} (or ATRN message) record. */
    public static void putRelease(Headers h, String releaseId, Instant leaseDeadline, ReleaseTarget target, int attempt) {
        CloudEvents.put(h, RELEASE_ID, releaseId);
        CloudEvents.put(h, LEASE_DEADLINE, leaseDeadline.toString());
        if (target != null) {
            CloudEvents.put(h, TARGET, Json.writeString(target));
        }
        CloudEvents.put(h, ATTEMPT, Integer.toString(attempt));
    }

    public static String releaseId(Headers h) {
        return CloudEvents.get(h, RELEASE_ID);
    }

    public static Instant leaseDeadline(Headers h) {
        String v = CloudEvents.get(h, LEASE_DEADLINE);
        return v == null ? null : Instant.parse(v);
    }

    public static ReleaseTarget target(Headers h) {
        String v = CloudEvents.get(h, TARGET);
        return v == null ? null : Json.read(v, ReleaseTarget.class);
    }

    public static int attempt(Headers h) {
        String v = CloudEvents.get(h, ATTEMPT);
        return v == null ? 1 : Integer.parseInt(v);
    }

    /** Names the body of a released record: its {@code mail.accepted} record (the value is then empty). */
    public static void putAcceptedRef(Headers h, AcceptedRef ref) {
        CloudEvents.put(h, ACCEPTED_PARTITION, Integer.toString(ref.partition()));
        CloudEvents.put(h, ACCEPTED_OFFSET, Long.toString(ref.offset()));
    }

    /**
     * The {@code mail.accepted} record a released record names as its body, or null when it carries
     * its body in its value (no such headers).
     *
     * @throws IllegalArgumentException when only one of the two headers is there, or one is no number
     */
    public static AcceptedRef acceptedRef(Headers h) {
        String p = CloudEvents.get(h, ACCEPTED_PARTITION);
        String o = CloudEvents.get(h, ACCEPTED_OFFSET);
        if (p == null && o == null) {
            return null;
        }
        if (p == null || o == null) {
            throw new IllegalArgumentException("a body reference needs both " + ACCEPTED_PARTITION + " and "
                    + ACCEPTED_OFFSET);
        }
        try {
            return new AcceptedRef(Integer.parseInt(p), Long.parseLong(o));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad body reference " + p + "@" + o, e);
        }
    }

    /**
     * Where a message's body is: its record in {@code mail.accepted}. The message id to verify there
     * is the envelope's.
     *
     * @param partition the {@code mail.accepted} partition
     * @param offset the record's offset in it
     */
    public record AcceptedRef(int partition, long offset) {
        public AcceptedRef {
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("partition and offset must not be negative: " + partition + "@"
                        + offset);
            }
        }

        @Override
        public String toString() {
            return "mail.accepted-" + partition + "@" + offset;
        }
    }
}
