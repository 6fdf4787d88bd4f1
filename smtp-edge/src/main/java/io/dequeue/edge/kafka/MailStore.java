package io.dequeue.edge.kafka;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stores an accepted message durably: one {@code mail.accepted} record per recipient domain, each
 * with only that domain's recipients in its envelope. The returned future completes only when
 * Kafka acknowledged every record ({@code acks=all}); only then may the client hear 250.
 */
@ApplicationScoped
public class MailStore {
    @Inject
    EdgeProducer producer;

    MailStore() {
    }

    /** A store on a given producer, outside CDI (tests). */
    public MailStore(EdgeProducer producer) {
        this.producer = producer;
    }

    /**
     * @param envelope the whole envelope (all recipients); its messageId is the queue id
     * @param message the message bytes as stored (with the edge's Received: line); shared, not copied, by the records
     * @return the records' envelopes, once all are acknowledged
     */
    public CompletableFuture<List<Envelope>> store(Envelope envelope, byte[] message) {
        Map<String, List<Envelope.Recipient>> byDomain = new LinkedHashMap<>();
        for (Envelope.Recipient r : envelope.recipients()) {
            byDomain.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        }
        List<Envelope> parts = new ArrayList<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        // One instant for the records and their "accepted" events: the time the message was handed to
        // Kafka. Queue-service stamps "held" when it reads the record, so it never comes before this
        // (the time the acknowledgement came back could: the record is readable before the ack arrives).
        Instant written = Instant.ofEpochMilli(System.currentTimeMillis());
        int n = 0;
        for (Map.Entry<String, List<Envelope.Recipient>> e : byDomain.entrySet()) {
            DomainName domain = DomainName.parse(e.getKey());
            String messageId = byDomain.size() == 1 ? envelope.queueId() : envelope.queueId() + "." + (++n);
            Envelope part = new Envelope(messageId, envelope.queueId(), envelope.reversePath(), envelope.ret(),
                    envelope.envid(), envelope.body(), message.length, e.getValue(), envelope.clientAddress(),
                    envelope.clientHelo(), envelope.authLogin(), envelope.tls(), envelope.receivedAt());
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(Topics.MAIL_ACCEPTED, null,
                    written.toEpochMilli(), ContractRecords.key(domain), message);
            CloudEvents.apply(rec.headers(), EventTypes.MAIL_ACCEPTED, producer.source(), CloudEvents.RFC822);
            CloudEvents.put(rec.headers(), CloudEvents.SUBJECT, messageId);
            MailHeaders.putEnvelope(rec.headers(), part);
            parts.add(part);
            acks.add(producer.send(rec));
        }
        CompletableFuture<List<Envelope>> stored = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(v -> parts);
        // The acks complete on the producer's I/O thread. KafkaProducer.send() may block there (on
        // mail.lifecycle metadata not fetched yet, or expired after an idle time) and would then
        // wait for the very thread it blocks, for max.block.ms: publish from another thread.
        stored.thenAcceptAsync(ps -> ps.forEach(p -> publishAccepted(p, written)), LIFECYCLE);
        return stored;
    }

    /** Fetches the metadata of the topics the store writes, so the first message does not wait for it. */
    public void warmUp() {
        producer.partitionsFor(Topics.MAIL_ACCEPTED);
        producer.partitionsFor(Topics.MAIL_LIFECYCLE);
    }

    private static final java.util.concurrent.Executor LIFECYCLE = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "edge-lifecycle");
        t.setDaemon(true);
        return t;
    });

    private void publishAccepted(Envelope part, Instant written) {
        DomainName domain = DomainName.parse(part.recipients().get(0).domain());
        Map<String, Object> details = new LinkedHashMap<>();
        if (part.queueId() != null && !part.messageId().equals(part.queueId())) {
            details.put("queueId", part.queueId()); // a part of a message split by recipient domain
        }
        details.put("sender", part.reversePath());
        details.put("recipients", part.recipients().size());
        details.put("size", part.size());
        if (part.clientAddress() != null) {
            details.put("client", part.clientAddress());
        }
        LifecycleEvent ev = new LifecycleEvent(LifecycleEvent.Type.ACCEPTED, domain, part.messageId(), "smtp-edge",
                written, details);
        producer.send(ContractRecords.lifecycle(ev, producer.source()));
    }
}
