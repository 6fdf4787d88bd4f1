package io.dequeue.model.body;

/**
 * The body at a (partition, offset) of {@code mail.accepted} cannot be had, and never will be:
 * deleted by retention, or that offset holds no committed record of the expected message. A
 * reader throws it instead of returning a wrong body. A broker that cannot be reached is no
 * reason for it (that is a Kafka {@code TimeoutException}: try again).
 */
public final class BodyMissingException extends RuntimeException {
    /** Why it is missing. */
    public enum Reason {
        /** Below the partition's log start offset: retention (or a records deletion) removed it. */
        DELETED,
        /** No committed record at that offset (an aborted transaction's record or a marker). */
        NO_RECORD,
        /** A record is there but it is another message, or has no readable envelope. */
        NOT_THE_MESSAGE
    }

    private final Reason reason;
    private final int partition;
    private final long offset;

    public BodyMissingException(Reason reason, int partition, long offset, String detail) {
        super("mail.accepted-" + partition + "@" + offset + ": " + detail);
        this.reason = reason;
        this.partition = partition;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
