package io.dequeue.queue.admin;

import io.dequeue.queue.dsn.DsnBuilder;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.store.StateKey;
import io.dequeue.queue.usage.UsageCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads this instance's local stores (interactive queries); the router sends other domains elsewhere. */
@ApplicationScoped
public class QueueView {
    @Inject
    KafkaStreams streams;

    @Inject
    AdminBodies bodies;

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
    }

    /** Every domain this instance holds something for. */
    public List<Views.DomainUsage> usage() {
        ReadOnlyKeyValueStore<String, UsageCounters> usage = store(QueueStores.USAGE);
        List<Views.DomainUsage> r = new ArrayList<>();
        try (KeyValueIterator<String, UsageCounters> it = usage.all()) {
            while (it.hasNext()) {
                KeyValue<String, UsageCounters> kv = it.next();
                UsageCounters c = kv.value;
                if (c.heldCount() <= 0 && c.inFlight() <= 0) {
                    continue;
                }
                HeldMessage oldest = oldest(kv.key);
                r.add(new Views.DomainUsage(kv.key, c.heldCount(), c.heldBytes(),
                        oldest == null ? null : oldest.receivedAt(), c.inFlight()));
            }
        }
        r.sort(Comparator.comparing(Views.DomainUsage::domain));
        return r;
    }

    private HeldMessage oldest(String domain) {
        ReadOnlyKeyValueStore<String, HeldMessage> messages = store(QueueStores.MESSAGES);
        try (KeyValueIterator<String, HeldMessage> it = messages.range(StateKey.first(domain), StateKey.last(domain))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    /** Up to {@code limit} messages of a domain after the sequence {@code after} (exclusive), oldest first. */
    public Views.MessagePage page(String domain, Long after, int limit) {
        ReadOnlyKeyValueStore<String, HeldMessage> messages = store(QueueStores.MESSAGES);
        String from = after == null ? StateKey.first(domain)
                : after == Long.MAX_VALUE ? StateKey.last(domain) : StateKey.of(domain, after + 1);
        List<Views.MessageSummary> list = new ArrayList<>();
        String next = null;
        try (KeyValueIterator<String, HeldMessage> it = messages.range(from, StateKey.last(domain))) {
            while (it.hasNext()) {
                HeldMessage m = it.next().value;
                if (list.size() == limit) {
                    next = Long.toString(list.get(list.size() - 1).sequence());
                    break;
                }
                list.add(Views.MessageSummary.of(m));
            }
        }
        return new Views.MessagePage(domain, list, next);
    }

    /** A held message of the domain, or empty. */
    public Optional<HeldMessage> message(String domain, String messageId) {
        ReadOnlyKeyValueStore<String, String> index = store(QueueStores.INDEX);
        String key = index.get(messageId);
        if (key == null || !StateKey.domain(key).equals(domain)) {
            return Optional.empty();
        }
        ReadOnlyKeyValueStore<String, HeldMessage> messages = store(QueueStores.MESSAGES);
        return Optional.ofNullable(messages.get(key));
    }

    /** A held message's body, read from its {@code mail.accepted} record; empty when that is gone. */
    public Optional<AcceptedMail> body(HeldMessage m) {
        int partition = streams.queryMetadataForKey(QueueStores.MESSAGES, m.domain(), new StringSerializer()).partition();
        return bodies.read(partition, m.acceptedOffset(), m.messageId());
    }

    public Views.MessageDetail detail(HeldMessage m, AcceptedMail body) {
        return new Views.MessageDetail(Views.MessageSummary.of(m), body == null ? null : body.envelope(), m.target(),
                m.grantSession(), body == null ? List.of() : headers(body.raw()));
    }

    /** The header fields of a message, unfolded, in order. */
    static List<Views.HeaderField> headers(byte[] raw) {
        String head = new String(DsnBuilder.headerSection(raw), StandardCharsets.UTF_8);
        List<Views.HeaderField> fields = new ArrayList<>();
        for (String line : head.replaceAll("\r\n[ \t]+", " ").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new Views.HeaderField(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
        }
        return fields;
    }
}
