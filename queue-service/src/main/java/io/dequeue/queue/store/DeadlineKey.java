package io.dequeue.queue.store;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A key of the deadline stores: big-endian epoch millis, one kind byte, then the key of what is
 * due (a state key, a grant key, a release batch or a domain). Scanning from 0 up to "now" visits
 * only what is due.
 *
 * @param at when it is due (epoch millis, not negative)
 * @param kind what falls due
 * @param ref the key of the thing that falls due
 */
public record DeadlineKey(long at, Kind kind, String ref) {
    /** What falls due; at the same millisecond the lower code runs first (a lease ends before an expiry). */
    public enum Kind {
        /** An ATRN grant's lease ends; ref = grant key. */
        GRANT('G'),
        /**
         * The lease of one message's release ends; ref = state key. Written by earlier versions
         * only (a release's lease is now one {@link #BATCH_LEASE} per batch); still honoured.
         */
        LEASE('L'),
        /** The lease of a release batch ends; ref = {@link LeaseBatch#ref()}. */
        BATCH_LEASE('M'),
        /**
         * A held DSN's next delivery attempt is due; ref = state key. Not a function of the state:
         * its time counts from when the DSN went back to HELD, which the state does not record,
         * and only a DSN for a domain that is no gateway here has one.
         */
        RETRY('R'),
        /** A domain's throttled usage record is due; ref = domain. */
        USAGE('U'),
        /** A delay warning is due ({@link HeldMessage#warnAt()}); ref = state key. */
        WARN('W', true),
        /** The maximum hold time is reached ({@link HeldMessage#expiresAt()}); ref = state key. */
        EXPIRY('X', true);

        final byte code;
        private final boolean derived;

        Kind(char code) {
            this(code, false);
        }

        Kind(char code, boolean derived) {
            this.code = (byte) code;
            this.derived = derived;
        }

        /**
         * Whether a deadline of this kind is a function of one message's state: it lives in the
         * in-memory {@link QueueStores#MESSAGE_DEADLINES}, rebuilt from the states when the task
         * starts; the others live in the logged {@link QueueStores#DEADLINES}.
         */
        public boolean derived() {
            return derived;
        }

        static Kind of(byte code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown deadline kind " + code);
        }
    }

    public DeadlineKey {
        if (at < 0) {
            at = 0;
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
    }

    public Bytes toBytes() {
        byte[] r = ref.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + r.length).putLong(at).put(kind.code).put(r).array());
    }

    public static DeadlineKey from(Bytes key) {
        byte[] b = key.get();
        ByteBuffer buf = ByteBuffer.wrap(b);
        long at = buf.getLong();
        Kind kind = Kind.of(buf.get());
        return new DeadlineKey(at, kind, new String(b, 9, b.length - 9, StandardCharsets.UTF_8));
    }

    /** The smallest possible key. */
    public static Bytes lowest() {
        return Bytes.wrap(new byte[9]);
    }

    /** The largest key due at or before {@code now} (inclusive bound). */
    public static Bytes dueBy(long now) {
        byte[] b = ByteBuffer.allocate(10).putLong(Math.max(0, now)).put((byte) 0xFF).put((byte) 0xFF).array();
        return Bytes.wrap(b);
    }

    @Override
    public String toString() {
        return kind + "@" + at + ":" + StateKey.display(ref);
    }
}
