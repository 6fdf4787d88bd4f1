package io.dequeue.queue.store;

import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.queue.body.BodySource;
import io.dequeue.queue.body.BodyUnavailableException;
import io.dequeue.queue.usage.UsageCounters;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The held mail of one task (one partition of the domain-keyed topics): a thin layer over the
 * stores that keeps them consistent with each other (a message's state, index and deadlines come
 * and go together) and counts what it visits. The index, the messages' own deadlines and the usage
 * counters are derived from the states: in memory, without changelog, rebuilt when the task starts
 * ({@link #rebuild()}). Bodies are not stored here: a message's body is its
 * {@code mail.accepted} record, read through the task's {@link BodySource} at the offset that is
 * the message's sequence.
 */
public final class HeldMail {
    private static final Logger LOG = Logger.getLogger(HeldMail.class);
    private static final byte[] MARK = new byte[0];

    private final BodySource bodies;
    private final int partition;
    private final KeyValueStore<String, HeldMessage> messages;
    private final KeyValueStore<String, String> index;
    private final KeyValueStore<Bytes, byte[]> deadlines;
    private final KeyValueStore<Bytes, byte[]> messageDeadlines;
    private final KeyValueStore<String, AtrnGrant> grants;
    private final KeyValueStore<String, ReleaseJob> jobs;
    private final KeyValueStore<String, UsageCounters> usage;
    private final StoreVisits visits;
    /** The earliest deadline added since {@link #takeEarliestAdded()} last asked (for the tick's wake-up). */
    private long earliestAdded = Long.MAX_VALUE;
    /** Whether a release job was written since {@link #takeJobsAdded()} last asked. */
    private boolean jobsAdded;

    public HeldMail(BodySource bodies, int partition, KeyValueStore<String, HeldMessage> messages,
                    KeyValueStore<String, String> index, KeyValueStore<Bytes, byte[]> deadlines,
                    KeyValueStore<Bytes, byte[]> messageDeadlines, KeyValueStore<String, AtrnGrant> grants, KeyValueStore<String, ReleaseJob> jobs,
                    KeyValueStore<String, UsageCounters> usage, StoreVisits visits) {
        this.bodies = bodies;
        this.partition = partition;
        this.messages = messages;
        this.index = index;
        this.deadlines = deadlines;
        this.messageDeadlines = messageDeadlines;
        this.grants = grants;
        this.jobs = jobs;
        this.usage = usage;
        this.visits = visits == null ? new StoreVisits() : visits;
    }

    /** The stores of the processor's task, and the source of its bodies. */
    public static HeldMail of(ProcessingContext context, BodySource bodies, StoreVisits visits) {
        return new HeldMail(bodies, context.taskId().partition(), context.getStateStore(QueueStores.MESSAGES),
                context.getStateStore(QueueStores.INDEX), context.getStateStore(QueueStores.DEADLINES),
                context.getStateStore(QueueStores.MESSAGE_DEADLINES), context.getStateStore(QueueStores.GRANTS),
                context.getStateStore(QueueStores.JOBS), context.getStateStore(QueueStores.USAGE), visits);
    }

    // ---- messages

    /**
     * Holds a new message (its body is the record just read): its state, and what is derived from
     * it (index entry, expiry and delay warning deadlines: in memory, no changelog record).
     */
    public void hold(HeldMessage m, AcceptedMail body) {
        bodies.accepted(m.acceptedOffset(), body);
        messages.put(m.stateKey(), m);
        derive(m);
    }

    /** The index entry and own deadlines of a message: what {@link #rebuild()} makes of its state. */
    private void derive(HeldMessage m) {
        String key = m.stateKey();
        index.put(m.messageId(), key);
        addDeadline(new DeadlineKey(m.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, key));
        if (m.warnAt() != null) {
            addDeadline(new DeadlineKey(m.warnAt().toEpochMilli(), DeadlineKey.Kind.WARN, key));
        }
    }

    public HeldMessage message(String stateKey) {
        return messages.get(stateKey);
    }

    public HeldMessage byMessageId(String messageId) {
        String key = index.get(messageId);
        return key == null ? null : messages.get(key);
    }

    public boolean contains(String messageId) {
        return index.get(messageId) != null;
    }

    /**
     * The body of a held message, read from its {@code mail.accepted} record; null (with an error
     * logged that says why) when that record is gone or is not the message: never a wrong body.
     *
     * @throws BodyUnavailableException when the broker did not answer in time
     */
    public AcceptedMail body(HeldMessage m) {
        visits.body();
        try {
            return bodies.read(m.acceptedOffset(), m.messageId());
        } catch (BodyMissingException e) {
            LOG.errorf("the body of message %s of %s cannot be read (%s): %s", m.messageId(), m.domain(),
                    e.reason(), e.getMessage());
            return null;
        } catch (TimeoutException e) {
            // Not a Kafka exception: Streams must not retry the record or punctuation in place (its
            // earlier changes would be made twice); the thread fails and its transaction aborts.
            throw new BodyUnavailableException("the body of message " + m.messageId() + " of " + m.domain()
                    + " was not read in time: " + e.getMessage(), e);
        }
    }

    /**
     * Where a held message's body is: its {@code mail.accepted} record, in this task's partition at
     * the message's sequence. A release names it instead of carrying the body.
     */
    public MailHeaders.AcceptedRef bodyRef(HeldMessage m) {
        return new MailHeaders.AcceptedRef(partition, m.acceptedOffset());
    }

    /** Writes a changed state (deadlines are the caller's business). */
    public void put(HeldMessage m) {
        messages.put(m.stateKey(), m);
    }

    /** Removes a message with its index entry and its own deadlines (expiry, delay warning); its record stays until retention. */
    public void remove(HeldMessage m) {
        String key = m.stateKey();
        deleteDeadline(new DeadlineKey(m.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, key));
        if (m.warnAt() != null) {
            deleteDeadline(new DeadlineKey(m.warnAt().toEpochMilli(), DeadlineKey.Kind.WARN, key));
        }
        // The lease is its release batch's deadline (LeaseBatch): it stays, and finds nothing when it falls due.
        // put(key, null) rather than delete(key): the same tombstone, without reading and decoding the
        // old value that delete returns (a JSON state per settled message).
        messages.put(key, null);
        index.put(m.messageId(), null);
    }

    /**
     * Up to {@code limit} messages of a domain from {@code fromKey} (inclusive) that pass
     * {@code filter}, in sequence order; the iterator is closed before the caller changes anything.
     * Every entry looked at counts as a visit.
     */
    public Batch scan(String domain, String fromKey, Predicate<HeldMessage> filter, int limit, long byteBudget) {
        return scanRange(fromKey == null ? StateKey.first(domain) : fromKey, StateKey.last(domain), filter, limit,
                byteBudget);
    }

    /** As {@link #scan(String, String, Predicate, int, long)}, over the state keys {@code from..to} (both inclusive). */
    public Batch scanRange(String from, String to, Predicate<HeldMessage> filter, int limit, long byteBudget) {
        List<HeldMessage> found = new ArrayList<>();
        long bytes = 0;
        String resumeAt = null;
        try (KeyValueIterator<String, HeldMessage> it = messages.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, HeldMessage> kv = it.next();
                visits.message();
                if (!filter.test(kv.value)) {
                    continue;
                }
                if (found.size() >= limit || (bytes >= byteBudget && !found.isEmpty())) {
                    resumeAt = kv.key;
                    break;
                }
                found.add(kv.value);
                bytes += kv.value.size();
            }
        }
        return new Batch(found, resumeAt);
    }

    /** A batch of a scan and the key to resume from (null when the domain's range was exhausted). */
    public record Batch(List<HeldMessage> messages, String resumeAt) {
        public boolean complete() {
            return resumeAt == null;
        }
    }

    /** The first (oldest) message of a domain, or null. */
    public HeldMessage oldest(String domain) {
        try (KeyValueIterator<String, HeldMessage> it = messages.range(StateKey.first(domain), StateKey.last(domain))) {
            if (it.hasNext()) {
                visits.message();
                return it.next().value;
            }
            return null;
        }
    }

    /** A read-only view of one domain's states, for the admin API: {@code limit} from {@code fromKey}. */
    public List<HeldMessage> page(String domain, String fromKey, int limit) {
        return scan(domain, fromKey, m -> true, limit, Long.MAX_VALUE).messages();
    }

    // ---- deadlines

    /**
     * The store of a kind of deadline: those that are a function of one message's state in memory
     * ({@link QueueStores#MESSAGE_DEADLINES}), the others logged ({@link QueueStores#DEADLINES}).
     */
    private KeyValueStore<Bytes, byte[]> deadlines(DeadlineKey.Kind kind) {
        return kind.derived() ? messageDeadlines : deadlines;
    }

    public void addDeadline(DeadlineKey key) {
        deadlines(key.kind()).put(key.toBytes(), MARK);
        earliestAdded = Math.min(earliestAdded, key.at());
    }

    /** The earliest deadline added since the last call ({@code Long.MAX_VALUE}: none), and forgets it. */
    public long takeEarliestAdded() {
        long r = earliestAdded;
        earliestAdded = Long.MAX_VALUE;
        return r;
    }

    /** When the earliest deadline (of both stores) falls due ({@code Long.MAX_VALUE}: there is none). */
    public long earliestDeadline() {
        return Math.min(earliest(deadlines), earliest(messageDeadlines));
    }

    private static long earliest(KeyValueStore<Bytes, byte[]> store) {
        try (KeyValueIterator<Bytes, byte[]> it = store.range(DeadlineKey.lowest(), DeadlineKey.dueBy(Long.MAX_VALUE - 1))) {
            return it.hasNext() ? DeadlineKey.from(it.next().key).at() : Long.MAX_VALUE;
        }
    }

    public void deleteDeadline(DeadlineKey key) {
        deadlines(key.kind()).delete(key.toBytes());
    }

    /**
     * Deletes a deadline that fell due, from wherever {@link #due} found it: an expiry or delay
     * warning may also be in {@link QueueStores#DEADLINES}, where versions before the in-memory
     * store kept them; such an entry is honoured when due like the one rebuilt from the state
     * (whichever runs second finds the state changed and does nothing) and deleted here. It is
     * read first, so that no tombstone is written for the entries that are not there.
     */
    public void deleteDue(DeadlineKey key) {
        deleteDeadline(key);
        if (key.kind().derived()) {
            Bytes k = key.toBytes();
            if (deadlines.get(k) != null) {
                deadlines.delete(k);
            }
        }
    }

    /** One lease deadline for a release batch's messages (released with lease {@code at}). */
    public void addLease(LeaseBatch batch, Instant at) {
        addDeadline(new DeadlineKey(at.toEpochMilli(), DeadlineKey.Kind.BATCH_LEASE, batch.ref()));
    }

    /**
     * Up to {@code limit} deadlines due at or before {@code now}, oldest first: both stores, merged
     * in key order (due time, kind, ref). The iterators are closed.
     */
    public List<DeadlineKey> due(long now, int limit) {
        List<DeadlineKey> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> logged = deadlines.range(DeadlineKey.lowest(), DeadlineKey.dueBy(now));
             KeyValueIterator<Bytes, byte[]> derived = messageDeadlines.range(DeadlineKey.lowest(), DeadlineKey.dueBy(now))) {
            Bytes a = logged.hasNext() ? logged.next().key : null;
            Bytes b = derived.hasNext() ? derived.next().key : null;
            while ((a != null || b != null) && due.size() < limit) {
                visits.deadline();
                if (b == null || a != null && a.compareTo(b) <= 0) {
                    due.add(DeadlineKey.from(a));
                    a = logged.hasNext() ? logged.next().key : null;
                } else {
                    due.add(DeadlineKey.from(b));
                    b = derived.hasNext() ? derived.next().key : null;
                }
            }
        }
        return due;
    }

    // ---- grants, jobs, usage

    public AtrnGrant grant(String key) {
        return grants.get(key);
    }

    public void putGrant(AtrnGrant g) {
        grants.put(g.key(), g);
    }

    public void deleteGrant(AtrnGrant g) {
        grants.put(g.key(), null); // a tombstone; delete would decode the old value
    }

    public List<AtrnGrant> grants(String domain) {
        List<AtrnGrant> r = new ArrayList<>();
        try (KeyValueIterator<String, AtrnGrant> it = grants.range(StateKey.scoped(domain, ""), StateKey.scopedLast(domain))) {
            it.forEachRemaining(kv -> r.add(kv.value));
        }
        return r;
    }

    public ReleaseJob job(String key) {
        return jobs.get(key);
    }

    public void putJob(ReleaseJob j) {
        jobs.put(j.key(), j);
        jobsAdded = true;
    }

    /** Whether a release job was written since the last call, and forgets it. */
    public boolean takeJobsAdded() {
        boolean r = jobsAdded;
        jobsAdded = false;
        return r;
    }

    public void deleteJob(String key) {
        jobs.put(key, null); // a tombstone; delete would decode the old value
    }

    /** Release jobs in progress (few: one per running release), up to {@code limit}. */
    public List<ReleaseJob> jobs(int limit) {
        List<ReleaseJob> r = new ArrayList<>();
        try (KeyValueIterator<String, ReleaseJob> it = jobs.all()) {
            while (it.hasNext() && r.size() < limit) {
                r.add(it.next().value);
            }
        }
        return r;
    }

    public UsageCounters usage(String domain) {
        UsageCounters c = usage.get(domain);
        return c == null ? UsageCounters.EMPTY : c;
    }

    public void putUsage(String domain, UsageCounters c) {
        usage.put(domain, c);
    }

    /**
     * Rebuilds what is derived from the held messages, in one scan of them: the stores without
     * changelog are emptied and filled again.
     * <ul>
     * <li>every domain's usage counters: count and bytes of every message, in flight those
     * RELEASED. What was last published, and when, is not known after a rebuild (0): the next
     * change publishes at once;</li>
     * <li>the index: every message's id (HELD or RELEASED) to its state key;</li>
     * <li>every message's own deadlines: its expiry ({@link HeldMessage#expiresAt()}) and, until
     * the warning went out, its delay warning ({@link HeldMessage#warnAt()}).</li>
     * </ul>
     * Called when the task starts (after a restart, a rebalance, or a re-initialisation after an
     * aborted transaction), once {@link QueueStores#MESSAGES} is restored.
     */
    public void rebuild() {
        clear(usage);
        clear(index);
        clear(messageDeadlines);
        Map<String, UsageCounters> counted = new HashMap<>();
        try (KeyValueIterator<String, HeldMessage> it = messages.all()) {
            while (it.hasNext()) {
                HeldMessage m = it.next().value;
                counted.merge(m.domain(), UsageCounters.EMPTY.plus(1, m.size(), m.isReleased() ? 1 : 0),
                        (a, b) -> a.plus(b.heldCount(), b.heldBytes(), b.inFlight()));
                derive(m);
            }
        }
        counted.forEach(usage::put);
    }

    /** Deletes every entry of an in-memory store (empty when the task starts afresh; not after a re-initialisation). */
    private static <K, V> void clear(KeyValueStore<K, V> store) {
        List<K> stale = new ArrayList<>();
        try (KeyValueIterator<K, V> it = store.all()) {
            it.forEachRemaining(kv -> stale.add(kv.key));
        }
        stale.forEach(k -> store.put(k, null));
    }

    /** Every domain's counters (admin API). */
    public List<KeyValue<String, UsageCounters>> allUsage() {
        List<KeyValue<String, UsageCounters>> r = new ArrayList<>();
        try (KeyValueIterator<String, UsageCounters> it = usage.all()) {
            it.forEachRemaining(r::add);
        }
        return r;
    }

    public StoreVisits visits() {
        return visits;
    }
}
