package io.dequeue.queue.timeline;

import io.dequeue.model.Envelope;
import io.dequeue.model.serde.Json;
import io.dequeue.queue.timeline.TimelineKeys.Ref;
import io.dequeue.queue.topology.QueueInput;
import io.dequeue.queue.topology.QueueOptions;
import io.dequeue.queue.topology.QueueStep;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes the timeline store of one partition: envelopes and events in, settled messages counted,
 * and the oldest settled ones out when they are older than the retention or the partition holds
 * more than its share of {@link TimelineOptions#maxSettled()}. A message that has not settled is
 * never removed.
 */
final class TimelineWriter {
    private static final byte[] EMPTY = new byte[0];
    private static final String ACCEPTED = "accepted";
    private static final String HELD = "held";
    private static final String RELEASED = "released";

    private final KeyValueStore<Bytes, byte[]> store;
    /**
     * How many settled timelines the store holds: its settled entries, counted when the writer is
     * made (after the store is restored) and kept in memory, so that settling a message costs no
     * counter record in the changelog.
     */
    private long settled;
    private final TimelineOptions options;

    TimelineWriter(KeyValueStore<Bytes, byte[]> store, TimelineOptions options) {
        this.store = store;
        this.options = options;
        // A store of an earlier version kept the count under a key of its own.
        if (store.get(TimelineKeys.SETTLED_COUNT) != null) {
            store.delete(TimelineKeys.SETTLED_COUNT);
        }
        settled = count(store.range(TimelineKeys.settledFrom(0), TimelineKeys.settledFrom(Long.MAX_VALUE)));
    }

    /**
     * A message from mail.accepted, as the queue processed it: its envelope summary with the steps it
     * stands for (the edge's {@code accepted}, the queue's {@code held}) in one write, and its ids in
     * the indexes.
     */
    void accepted(String domain, QueueStep.Accepted step, TimelineEvent held) {
        QueueInput.Accepted a = step.accepted();
        Envelope e = a.envelope();
        Ref ref = new Ref(e.messageId(), domain);
        MessageSummary old = summary(ref);
        if (held == null && old != null && old.hasEnvelope()) {
            return; // a copy of a message the queue holds: nothing new
        }
        MessageSummary base = old == null ? MessageSummary.placeholder(domain) : old;
        String queueId = e.queueId() == null ? e.messageId() : e.queueId();
        String header = a.raw() == null ? null : HeaderMessageId.of(a.raw());
        List<String> rcpts = e.recipients().stream().map(Envelope.Recipient::address).toList();
        // smtp-edge writes an accepted event for every record it writes, and only it writes records
        // without these marks (the queue's own hand-overs and notifications carry them: Intake)
        boolean byEdge = a.handoffHops() == 0 && !a.dsn();
        put(TimelineKeys.summary(ref), base.withEnvelope(queueId, e.reversePath(), rcpts, e.size(), e.receivedAt(),
                header, a.dsn()).withSteps(byEdge ? Instant.ofEpochMilli(step.recordTime()) : null,
                byEdge ? e.clientAddress() : null, held == null && old != null ? old.held() : held));
        if (!queueId.equals(e.messageId())) {
            store.put(TimelineKeys.queueId(queueId, ref), EMPTY);
        }
        if (header != null) {
            store.put(TimelineKeys.headerId(header, ref), EMPTY);
        }
    }

    /**
     * An event the queue told the timeline in the step it made it: recorded after the message's
     * latest event entry ({@link TimelineKeys#ownEvent}).
     *
     * @return whether the event settled the message
     */
    boolean ownEvent(Ref ref, TimelineEvent e) {
        return event(ref, TimelineKeys.ownEvent(ref, latestEventKey(ref)), e);
    }

    /**
     * Whether a {@code mail.lifecycle} event only repeats what the timeline recorded itself, from the
     * {@code mail.accepted} record or the queue's step, and is skipped. Decided by type and service:
     * <ul>
     * <li>smtp-edge's {@code accepted}: the edge writes it after its {@code mail.accepted} record was
     * acknowledged, so that record is (or will be) in this task's input, and its summary holds the
     * step ({@link MessageSummary#acceptedAt}). Recorded only when the summary from that record has
     * no such step: written by an earlier version.</li>
     * <li>queue-service's {@code held} and {@code released}: this queue processor tells the timeline
     * every one it writes, in the same step and transaction ({@link QueueStep}), so its copy on
     * {@code mail.lifecycle} always comes after the timeline recorded it. Skipped when an equal event
     * is recorded (the summary's {@code held} or an event entry): one written by an earlier version
     * or another producer is recorded. Past the per-message limit entries are only counted, and
     * there equality cannot be told: skipped.</li>
     * </ul>
     * Every other event is recorded.
     */
    boolean recordedItself(Ref ref, TimelineEvent e) {
        if (MessageSummary.ACCEPTED_BY.equals(e.service()) && ACCEPTED.equals(e.type())) {
            MessageSummary s = summary(ref);
            return s == null || !s.hasEnvelope() || s.acceptedAt() != null;
        }
        if (!QueueOptions.SERVICE.equals(e.service()) || !(HELD.equals(e.type()) || RELEASED.equals(e.type()))) {
            return false;
        }
        MessageSummary s = summary(ref);
        if (s != null && e.equals(s.held())) {
            return true;
        }
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(TimelineKeys.events(ref), new BytesSerializer())) {
            while (it.hasNext()) {
                n++;
                if (e.equals(Json.read(it.next().value, TimelineEvent.class))) {
                    return true;
                }
            }
        }
        return n + (s == null ? 0 : s.stepCount()) >= options.maxEvents() && !Settlement.maySettle(e);
    }

    /**
     * A lifecycle event about a message; {@code offset} names it (a replay writes the same key).
     *
     * @return whether the event settled the message
     */
    boolean event(Ref ref, long offset, TimelineEvent e) {
        return event(ref, TimelineKeys.event(ref, offset), e);
    }

    private boolean event(Ref ref, Bytes key, TimelineEvent e) {
        MessageSummary s = summary(ref);
        if (s == null) {
            s = MessageSummary.placeholder(ref.domain());
            put(TimelineKeys.summary(ref), s);
        }
        if (!Settlement.maySettle(e)) {
            // Settling is all the earlier events are read for: an event that cannot settle the
            // message only needs their number (for the limit), not their contents.
            if (eventCount(ref) + s.stepCount() >= options.maxEvents()) {
                put(TimelineKeys.summary(ref), s.omittedOneMore());
            } else {
                put(key, e);
            }
            return false;
        }
        List<TimelineEvent> all = events(store, ref);
        // When and how it settled is not stored: the events say it (a store of an earlier version
        // has it under a settlement key).
        s = Settlement.settled(TimelineKeys.settled(s, store.get(TimelineKeys.settlement(ref))), all);
        String how = s.settled() ? null : Settlement.settles(s, e, append(all, e));
        if (all.size() + s.stepCount() >= options.maxEvents() && how == null) {
            put(TimelineKeys.summary(ref), summary(ref).omittedOneMore());
            return false;
        }
        put(key, e);
        if (how != null) {
            store.put(TimelineKeys.settled(e.at().toEpochMilli(), ref), EMPTY);
            settled++;
            while (settled > options.maxSettledPerPartition() && removeOldestSettled()) {
                settled--;
            }
        }
        return how != null;
    }

    private Bytes latestEventKey(Ref ref) {
        Bytes last = null;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(TimelineKeys.events(ref), new BytesSerializer())) {
            while (it.hasNext()) {
                last = it.next().key;
            }
        }
        return last;
    }

    /** Removes up to {@code batch} timelines that settled before {@code cutoff}; returns how many. */
    int sweep(long cutoff, int batch) {
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(TimelineKeys.settledFrom(0),
                TimelineKeys.settledFrom(cutoff))) {
            while (it.hasNext() && due.size() < batch) {
                Bytes k = it.next().key;
                if (!k.equals(TimelineKeys.settledFrom(cutoff))) {
                    due.add(k);
                }
            }
        }
        for (Bytes k : due) {
            remove(TimelineKeys.settledRef(k), k);
        }
        settled = Math.max(0, settled - due.size());
        return due.size();
    }

    /** When the oldest settled timeline settled ({@code Long.MAX_VALUE}: none has). */
    long oldestSettledAt() {
        try (KeyValueIterator<Bytes, byte[]> it = store.range(TimelineKeys.settledFrom(0),
                TimelineKeys.settledFrom(Long.MAX_VALUE))) {
            return it.hasNext() ? TimelineKeys.settledAt(it.next().key) : Long.MAX_VALUE;
        }
    }

    long settledCount() {
        return settled;
    }

    private boolean removeOldestSettled() {
        Bytes oldest;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(TimelineKeys.settledFrom(0),
                TimelineKeys.settledFrom(Long.MAX_VALUE))) {
            if (!it.hasNext()) {
                return false;
            }
            oldest = it.next().key;
        }
        remove(TimelineKeys.settledRef(oldest), oldest);
        return true;
    }

    /** Everything about one message: events, index entries, its settled entry, its summary. */
    private void remove(Ref ref, Bytes settledKey) {
        MessageSummary s = summary(ref);
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(TimelineKeys.events(ref), new BytesSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        if (s != null && s.queueId() != null && !s.queueId().equals(ref.messageId())) {
            keys.add(TimelineKeys.queueId(s.queueId(), ref));
        }
        if (s != null && s.headerMessageId() != null) {
            keys.add(TimelineKeys.headerId(s.headerMessageId(), ref));
        }
        keys.add(settledKey);
        if (store.get(TimelineKeys.settlement(ref)) != null) {
            keys.add(TimelineKeys.settlement(ref)); // written by an earlier version
        }
        keys.add(TimelineKeys.summary(ref));
        for (Bytes k : keys) {
            store.delete(k);
        }
    }

    private MessageSummary summary(Ref ref) {
        byte[] v = store.get(TimelineKeys.summary(ref));
        return v == null ? null : Json.read(v, MessageSummary.class);
    }

    private long eventCount(Ref ref) {
        return count(store.prefixScan(TimelineKeys.events(ref), new BytesSerializer()));
    }

    /** How many entries the iterator has (their values are not decoded); closes it. */
    private static long count(KeyValueIterator<Bytes, byte[]> entries) {
        long n = 0;
        try (entries) {
            while (entries.hasNext()) {
                entries.next();
                n++;
            }
        }
        return n;
    }

    /** A message's events in the order they were recorded. */
    static List<TimelineEvent> events(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<Bytes, byte[]> store,
                                      Ref ref) {
        List<TimelineEvent> r = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(TimelineKeys.events(ref), new BytesSerializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                r.add(Json.read(kv.value, TimelineEvent.class));
            }
        }
        return r;
    }

    private void put(Bytes key, Object value) {
        store.put(key, Json.write(value));
    }

    private static List<TimelineEvent> append(List<TimelineEvent> all, TimelineEvent e) {
        List<TimelineEvent> r = new ArrayList<>(all);
        r.add(e);
        return r;
    }
}
