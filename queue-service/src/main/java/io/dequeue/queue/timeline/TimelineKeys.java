package io.dequeue.queue.timeline;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key layout of the timeline store: one store, kinds of keys told apart by their first byte.
 * A message is named by its {@link Ref} (message id and domain: a message handed from one local
 * gateway domain to another keeps its id); ids and domains never contain NUL.
 *
 * <pre>
 *  'M' id NUL domain                   -> {@link MessageSummary}
 *  'E' id NUL domain NUL offset        -> {@link TimelineEvent} (offset of its mail.lifecycle record, 8 bytes)
 *  'E' id NUL domain NUL offset seq    -> {@link TimelineEvent} the queue told the timeline in its step
 *                                         ({@code released}, a later {@code held}): right after the
 *                                         message's latest event entry (its offset, 8 bytes, 0 when none;
 *                                         seq: 1 after an entry of a record, one more after an entry like
 *                                         this, 4 bytes), so entries keep the order they were recorded in
 *  'Q' queueId NUL id NUL domain       -> (empty) only when the two ids differ (a message split by domain)
 *  'H' Message-ID NUL id NUL domain    -> (empty) the message's Message-ID: header field
 *  'S' settledAt id NUL domain         -> (empty) settled messages, oldest first (millis, 8 bytes)
 *  'X' id NUL domain                   -> settledAt (8 bytes) and how it settled (US-ASCII); written by
 *                                         earlier versions only, read and removed: now the events say it
 *                                         ({@link Settlement#settled})
 *  '#settled'                          -> how many 'S' keys there are (8 bytes); written by earlier
 *                                         versions only, removed at start: now counted in memory
 * </pre>
 */
final class TimelineKeys {
    static final Bytes SETTLED_COUNT = Bytes.wrap("#settled".getBytes(StandardCharsets.US_ASCII));
    private static final byte SUMMARY = 'M';
    private static final byte EVENT = 'E';
    private static final byte QUEUE_ID = 'Q';
    private static final byte HEADER_ID = 'H';
    private static final byte SETTLED = 'S';
    private static final byte SETTLEMENT = 'X';
    private static final byte[] NUL = {0};

    /** A message: its id and the domain it is (or was) held for. */
    record Ref(String messageId, String domain) {
        byte[] bytes() {
            return concat(utf8(messageId), NUL, utf8(domain));
        }

        static Ref parse(byte[] k, int from) {
            for (int i = from; i < k.length; i++) {
                if (k[i] == 0) {
                    return new Ref(new String(k, from, i - from, StandardCharsets.UTF_8),
                            new String(k, i + 1, k.length - i - 1, StandardCharsets.UTF_8));
                }
            }
            throw new IllegalArgumentException("not a message reference");
        }
    }

    private TimelineKeys() {
    }

    static Bytes summary(Ref r) {
        return key(SUMMARY, r.bytes());
    }

    /** The prefix of the summaries of every message with this id (one per domain it was held for). */
    static Bytes summaries(String messageId) {
        return key(SUMMARY, utf8(messageId), NUL);
    }

    static Ref summaryRef(Bytes key) {
        return Ref.parse(key.get(), 1);
    }

    /** The prefix of every event of a message. */
    static Bytes events(Ref r) {
        return key(EVENT, r.bytes(), NUL);
    }

    static Bytes event(Ref r, long offset) {
        return key(EVENT, r.bytes(), NUL, longBytes(offset));
    }

    /**
     * The key of an event the queue told the timeline, after {@code latest}, the message's latest
     * event key (null when it has none). A function of the store as the step finds it: a step
     * processed again after a failure starts from the store of the last commit (exactly-once: what
     * the failed attempt wrote is discarded with its transaction), so the event is recorded once.
     */
    static Bytes ownEvent(Ref r, Bytes latest) {
        Bytes prefix = events(r);
        long offset = 0;
        int seq = 1;
        if (latest != null) {
            ByteBuffer b = ByteBuffer.wrap(latest.get(), prefix.get().length, latest.get().length - prefix.get().length);
            offset = b.getLong();
            seq = b.remaining() >= 4 ? b.getInt() + 1 : 1;
        }
        return key(EVENT, r.bytes(), NUL, longBytes(offset), ByteBuffer.allocate(4).putInt(seq).array());
    }

    static Bytes queueIds(String queueId) {
        return key(QUEUE_ID, utf8(queueId), NUL);
    }

    static Bytes queueId(String queueId, Ref r) {
        return key(QUEUE_ID, utf8(queueId), NUL, r.bytes());
    }

    static Bytes headerIds(String headerId) {
        return key(HEADER_ID, utf8(headerId), NUL);
    }

    static Bytes headerId(String headerId, Ref r) {
        return key(HEADER_ID, utf8(headerId), NUL, r.bytes());
    }

    /** The message an index key ('Q' or 'H') points to. */
    static Ref indexedRef(Bytes key) {
        byte[] k = key.get();
        for (int i = 1; i < k.length; i++) {
            if (k[i] == 0) {
                return Ref.parse(k, i + 1);
            }
        }
        throw new IllegalArgumentException("not an index key");
    }

    static Bytes settled(long at, Ref r) {
        return key(SETTLED, longBytes(at), r.bytes());
    }

    /** The first settled key at {@code at} or later. */
    static Bytes settledFrom(long at) {
        return key(SETTLED, longBytes(Math.max(0, at)));
    }

    /** When and how a message settled, as earlier versions stored it (now derived from its events). */
    static Bytes settlement(Ref r) {
        return key(SETTLEMENT, r.bytes());
    }

    static byte[] settlementValue(long at, String how) {
        byte[] h = how.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + h.length).putLong(at).put(h).array();
    }

    /** The summary with the settlement value {@code v} (or as it is when null). */
    static MessageSummary settled(MessageSummary s, byte[] v) {
        if (v == null || v.length < 8) {
            return s;
        }
        return s.settledAs(java.time.Instant.ofEpochMilli(ByteBuffer.wrap(v).getLong()),
                new String(v, 8, v.length - 8, StandardCharsets.US_ASCII));
    }

    /** When the message of a settled key settled (millis). */
    static long settledAt(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, 8).getLong();
    }

    static Ref settledRef(Bytes key) {
        return Ref.parse(key.get(), 9);
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Bytes key(byte first, byte[]... parts) {
        byte[] rest = concat(parts);
        return Bytes.wrap(ByteBuffer.allocate(rest.length + 1).put(first).put(rest).array());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
