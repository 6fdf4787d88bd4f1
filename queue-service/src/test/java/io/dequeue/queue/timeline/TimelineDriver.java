package io.dequeue.queue.timeline;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.topology.QueueDriver;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queue topology with the timeline attached, in a test driver; lifecycle events of other services piped in. */
final class TimelineDriver implements AutoCloseable {
    static final String CHANGELOG = "dequeue-queue-test-" + TimelineTopology.STORE + "-changelog";

    final QueueDriver q;
    private final TestInputTopic<String, byte[]> lifecycleIn;

    TimelineDriver(TimelineOptions options) {
        q = new QueueDriver(QueueDriver.testOptions(), StreamsConfig.EXACTLY_ONCE_V2,
                t -> TimelineTopology.attach(t, options));
        lifecycleIn = q.driver.createInputTopic(Topics.MAIL_LIFECYCLE, new StringSerializer(), new ByteArraySerializer());
    }

    /** A message as smtp-edge stores it: its mail.accepted record, then its accepted event. */
    Envelope accept(String domain, String sender, String... recipients) {
        Envelope e = q.accept(domain, sender, recipients);
        edgeAccepted(domain, e);
        return e;
    }

    /** As {@link #accept}, with a given envelope and message. */
    void acceptRaw(String domain, Envelope e, byte[] raw) {
        q.acceptRaw(domain, e, raw);
        edgeAccepted(domain, e);
    }

    /**
     * smtp-edge's accepted event of a record it wrote now, as its MailStore writes it.
     *
     * @return the event
     */
    LifecycleEvent edgeAccepted(String domain, Envelope part) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (part.queueId() != null && !part.messageId().equals(part.queueId())) {
            details.put("queueId", part.queueId());
        }
        details.put("sender", part.reversePath());
        details.put("recipients", part.recipients().size());
        details.put("size", part.size());
        if (part.clientAddress() != null) {
            details.put("client", part.clientAddress());
        }
        LifecycleEvent e = new LifecycleEvent(LifecycleEvent.Type.ACCEPTED, DomainName.parse(domain), part.messageId(),
                "smtp-edge", q.now(), details);
        event(e, q.now());
        return e;
    }

    /**
     * A message's events queue-service wrote to mail.lifecycle since the last read, each as the
     * timeline showed it when it read it back (see {@link #asRead}).
     */
    List<TimelineEvent> queueEvents(String messageId) {
        return q.events().stream().filter(e -> messageId.equals(e.messageId())).map(TimelineDriver::asRead).toList();
    }

    /** A lifecycle event as the timeline showed it when it read every event from mail.lifecycle. */
    static TimelineEvent asRead(LifecycleEvent written) {
        LifecycleEvent e = Json.read(Json.write(written), LifecycleEvent.class);
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.remove("sender");
        return new TimelineEvent(e.type().wireName(), e.at(), e.service(), details);
    }

    /** A lifecycle event as delivery-service (or the edge) writes it. */
    void event(LifecycleEvent.Type type, String domain, String messageId, String service, Map<String, Object> details) {
        event(new LifecycleEvent(type, DomainName.parse(domain), messageId, service, q.now(), details), q.now());
    }

    void event(LifecycleEvent e, Instant timestamp) {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, e.eventType(), CloudEvents.source(e.service(), "x-0"), CloudEvents.JSON);
        lifecycleIn.pipeInput(new TestRecord<>(e.domain().value(), Json.write(e), h, timestamp));
    }

    void delivered(String domain, String messageId, String rcpt, String releaseId) {
        event(LifecycleEvent.Type.DELIVERED, domain, messageId, "delivery-service", Map.of("recipient", rcpt,
                "reply", "250 2.0.0 Ok: queued as 9C1F2A", "remoteHost", "mx.example.net", "releaseId", releaseId,
                "attempt", 1));
    }

    MessageLookup lookup() {
        return new MessageLookup(q.driver::getKeyValueStore);
    }

    KeyValueStore<Bytes, byte[]> store() {
        return q.driver.getKeyValueStore(TimelineTopology.STORE);
    }

    long keys(char kind) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store().all()) {
            while (it.hasNext()) {
                if (it.next().key.get()[0] == kind) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The records written to the timeline's changelog since the last call. */
    List<TestRecord<byte[], byte[]>> changelog() {
        if (!q.driver.producedTopicNames().contains(CHANGELOG)) {
            return List.of();
        }
        TestOutputTopic<byte[], byte[]> t = q.driver.createOutputTopic(CHANGELOG, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        return t.readRecordsToList();
    }

    static String type(TestRecord<String, byte[]> r) {
        return CloudEvents.type(r.headers()).substring(EventTypes.LIFECYCLE_PREFIX.length());
    }

    @Override
    public void close() {
        q.close();
    }
}
