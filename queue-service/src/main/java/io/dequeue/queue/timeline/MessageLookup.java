package io.dequeue.queue.timeline;

import io.dequeue.model.serde.Json;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.timeline.TimelineKeys.Ref;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds messages in the stores of the partitions it is given (an instance's local ones, or a test
 * driver's) by message or queue id, or by {@code Message-ID:}, and assembles their answers: the
 * timeline store's summary and events, and the held-messages store's current state while held.
 */
public final class MessageLookup {
    private final ReadOnlyKeyValueStore<Bytes, byte[]> timeline;
    private final ReadOnlyKeyValueStore<String, String> heldIndex;
    private final ReadOnlyKeyValueStore<String, HeldMessage> held;

    /** {@code stores} opens a store by name (the timeline, the held index, the held messages). */
    public MessageLookup(Function<String, ReadOnlyKeyValueStore<?, ?>> stores) {
        this.timeline = cast(stores.apply(TimelineTopology.STORE));
        this.heldIndex = cast(stores.apply(QueueStores.INDEX));
        this.held = cast(stores.apply(QueueStores.MESSAGES));
    }

    @SuppressWarnings("unchecked")
    private static <K, V> ReadOnlyKeyValueStore<K, V> cast(ReadOnlyKeyValueStore<?, ?> s) {
        return (ReadOnlyKeyValueStore<K, V>) s;
    }

    /** The messages with this message id, or else this queue id; only of {@code domain} when given. */
    public List<MessageAnswer> byId(String id, String domain) {
        Set<Ref> refs = new LinkedHashSet<>(scan(TimelineKeys.summaries(id), TimelineKeys::summaryRef));
        if (refs.isEmpty()) {
            refs.addAll(scan(TimelineKeys.queueIds(id), TimelineKeys::indexedRef));
        }
        HeldMessage h = heldById(id);
        if (h != null) {
            refs.add(new Ref(h.messageId(), h.domain())); // held from before the timeline existed
        }
        return answers(refs, domain);
    }

    /** The messages whose {@code Message-ID:} header field is {@code headerId}. */
    public List<MessageAnswer> byHeader(String headerId) {
        String key = HeaderMessageId.normalize(headerId);
        if (key == null) {
            return List.of();
        }
        return answers(new LinkedHashSet<>(scan(TimelineKeys.headerIds(key), TimelineKeys::indexedRef)), null);
    }

    private List<MessageAnswer> answers(Set<Ref> refs, String domain) {
        List<MessageAnswer> r = new ArrayList<>();
        for (Ref ref : refs) {
            if (domain == null || domain.equals(ref.domain())) {
                MessageAnswer a = answer(ref);
                if (a != null) {
                    r.add(a);
                }
            }
        }
        return r;
    }

    private MessageAnswer answer(Ref ref) {
        byte[] v = timeline.get(TimelineKeys.summary(ref));
        HeldMessage h = heldById(ref.messageId());
        if (h != null && !h.domain().equals(ref.domain())) {
            h = null;
        }
        if (v == null && h == null) {
            return null;
        }
        // the events in the order they were recorded (they say when and how it settled)
        List<TimelineEvent> events = v == null ? new ArrayList<>() : new ArrayList<>(TimelineWriter.events(timeline, ref));
        MessageSummary s = Settlement.settled(TimelineKeys.settled(v == null ? MessageSummary.placeholder(ref.domain())
                : Json.read(v, MessageSummary.class), timeline.get(TimelineKeys.settlement(ref))), events);
        if (!s.hasEnvelope() && h != null) {
            s = s.withEnvelope(ref.messageId(), h.sender(),
                    h.pending().stream().map(io.dequeue.model.Envelope.Recipient::address).toList(), h.size(),
                    h.receivedAt(), null, h.dsn());
        }
        // the steps the summary holds (the edge's accepted, the queue's held) come first at the same instant
        events.addAll(0, s.steps(ref.messageId()));
        // oldest first; events of the same instant in the order they were recorded
        events.sort(java.util.Comparator.comparing(TimelineEvent::at));
        Map<String, Settlement.RecipientState> rcpts = Settlement.recipients(s, events);
        String state = h != null ? h.state().name().toLowerCase(java.util.Locale.ROOT)
                : s.settled() ? s.outcome() : "not-held";
        return new MessageAnswer(ref.messageId(), s.queueId() == null ? ref.messageId() : s.queueId(), ref.domain(),
                state, s.headerMessageId(), s.sender(), s.size(), s.receivedAt(), s.dsn(),
                List.copyOf(rcpts.values()), h == null ? null : MessageAnswer.Held.of(h), s.settledAt(), events,
                s.omittedEvents());
    }

    private HeldMessage heldById(String id) {
        String key = heldIndex.get(id);
        return key == null ? null : held.get(key);
    }

    private <T> List<T> scan(Bytes prefix, Function<Bytes, T> parse) {
        List<T> r = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timeline.prefixScan(prefix, new BytesSerializer())) {
            it.forEachRemaining(kv -> r.add(parse.apply(kv.key)));
        }
        return r;
    }
}
