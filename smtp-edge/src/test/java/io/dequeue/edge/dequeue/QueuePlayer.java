package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Plays queue-service for edge tests: reads {@code dequeue.requests} with a plain consumer and
 * answers on {@code edge.replies} (the partition each request names) as each test's script says.
 * Requests for domains without a script are recorded and left unanswered.
 */
public final class QueuePlayer implements AutoCloseable {
    private static final String SOURCE = CloudEvents.source("queue-service", "test-player");

    private final TopicTail requests;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<DomainName, Function<DequeueRequest, List<ProducerRecord<byte[], byte[]>>>> scripts =
            new ConcurrentHashMap<>();

    public QueuePlayer(String bootstrap) {
        producer = new KafkaProducer<>(ProducerDefaults.reliable(bootstrap, "edge-test-queue-player"));
        requests = new TopicTail(bootstrap, Topics.DEQUEUE_REQUESTS).onRecord(r -> {
            DequeueRequest req = ContractSerdes.dequeueRequest().deserialize(r.topic(), r.value());
            Function<DequeueRequest, List<ProducerRecord<byte[], byte[]>>> script = scripts.get(req.domain());
            if (script != null) {
                for (ProducerRecord<byte[], byte[]> answer : script.apply(req)) {
                    producer.send(answer);
                }
                producer.flush();
            }
        });
    }

    /** How requests for {@code domain} are answered from now on. */
    public QueuePlayer on(DomainName domain, Function<DequeueRequest, List<ProducerRecord<byte[], byte[]>>> script) {
        scripts.put(domain, script);
        return this;
    }

    /** Every request seen for {@code domain}, in order. */
    public List<DequeueRequest> requests(DomainName domain) {
        return requests.records(TopicTail.key(domain.value())).stream()
                .map(r -> ContractSerdes.dequeueRequest().deserialize(r.topic(), r.value())).toList();
    }

    public <T extends DequeueRequest> List<T> requests(DomainName domain, Class<T> type) {
        return requests(domain).stream().filter(type::isInstance).map(type::cast).toList();
    }

    public static ProducerRecord<byte[], byte[]> etrnAnswer(DequeueRequest request, EtrnAnswer.Outcome outcome,
                                                          int released, int inFlight) {
        EtrnRequest r = (EtrnRequest) request;
        EtrnAnswer a = new EtrnAnswer(r.requestId(), r.domain(), outcome, released, inFlight, Instant.now());
        return ContractRecords.json(Topics.EDGE_REPLIES, r.replyPartition(), r.domain(), a, EventTypes.REPLY_ETRN, SOURCE);
    }

    public static ProducerRecord<byte[], byte[]> atrnAnswer(DequeueRequest request, AtrnAnswer.Outcome outcome,
                                                          String releaseId, int messages) {
        AtrnRequest r = (AtrnRequest) request;
        boolean granted = outcome == AtrnAnswer.Outcome.GRANTED;
        AtrnAnswer a = new AtrnAnswer(r.requestId(), r.domain(), r.sessionId(), outcome, granted ? releaseId : null,
                granted ? Instant.now().plus(Duration.ofMinutes(10)) : null, granted ? messages : 0, Instant.now());
        return ContractRecords.json(Topics.EDGE_REPLIES, r.replyPartition(), r.domain(), a, EventTypes.REPLY_ATRN, SOURCE);
    }

    /** A message released to the ATRN session of {@code request}. */
    public static ProducerRecord<byte[], byte[]> atrnMessage(DequeueRequest request, String releaseId, Envelope envelope,
                                                           String message) {
        AtrnRequest r = (AtrnRequest) request;
        ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(Topics.EDGE_REPLIES, r.replyPartition(),
                ContractRecords.key(r.domain()), message.getBytes(StandardCharsets.UTF_8));
        CloudEvents.apply(rec.headers(), EventTypes.REPLY_ATRN_MESSAGE, SOURCE, CloudEvents.RFC822);
        MailHeaders.putEnvelope(rec.headers(), envelope);
        MailHeaders.putRelease(rec.headers(), releaseId, Instant.now().plus(Duration.ofMinutes(10)), null, 1);
        CloudEvents.put(rec.headers(), MailHeaders.SESSION_ID, r.sessionId());
        return rec;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        requests.close();
        producer.close(Duration.ofSeconds(5));
    }
}
