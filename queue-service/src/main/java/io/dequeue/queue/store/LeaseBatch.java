package io.dequeue.queue.store;

import java.util.Objects;

/**
 * The messages of one release batch that share one lease deadline: the batch's release id and the
 * sequence range of the domain it was taken from. One {@link DeadlineKey.Kind#BATCH_LEASE}
 * deadline per batch replaces a deadline per message (set at the release and deleted at the
 * settlement: two changelog records per message); when it falls due, only the batch's range of
 * the domain is scanned for messages still released under it.
 *
 * @param domain the domain
 * @param releaseId the release the batch belongs to
 * @param firstSequence the sequence of the batch's first message
 * @param lastSequence the sequence of its last message
 */
public record LeaseBatch(String domain, String releaseId, long firstSequence, long lastSequence) {
    public LeaseBatch {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(releaseId, "releaseId");
        if (firstSequence < 0 || lastSequence < firstSequence) {
            throw new IllegalArgumentException("bad sequence range " + firstSequence + ".." + lastSequence);
        }
    }

    /** The deadline's ref: {@code domain NUL first NUL last NUL releaseId}. */
    public String ref() {
        char s = StateKey.SEPARATOR;
        return domain + s + firstSequence + s + lastSequence + s + releaseId;
    }

    public static LeaseBatch parse(String ref) {
        char s = StateKey.SEPARATOR;
        int a = ref.indexOf(s);
        int b = a < 0 ? -1 : ref.indexOf(s, a + 1);
        int c = b < 0 ? -1 : ref.indexOf(s, b + 1);
        if (c < 0) {
            throw new IllegalArgumentException("not a lease batch: " + StateKey.display(ref));
        }
        return new LeaseBatch(ref.substring(0, a), ref.substring(c + 1), Long.parseLong(ref.substring(a + 1, b)),
                Long.parseLong(ref.substring(b + 1, c)));
    }

    /** The state key of the first message of the range (inclusive). */
    public String firstKey() {
        return StateKey.of(domain, firstSequence);
    }

    /** The state key of the last message of the range (inclusive). */
    public String lastKey() {
        return StateKey.of(domain, lastSequence);
    }

    /** A batch with one more message (sequences grow within a scan; any order is accepted). */
    public LeaseBatch with(long sequence) {
        return new LeaseBatch(domain, releaseId, Math.min(firstSequence, sequence), Math.max(lastSequence, sequence));
    }
}
