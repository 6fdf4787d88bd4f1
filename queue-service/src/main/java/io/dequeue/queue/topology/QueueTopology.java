package io.dequeue.queue.topology;

import io.dequeue.model.topic.Topics;
import io.dequeue.queue.store.QueueStores;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The topology of queue-service:
 *
 * <pre>
 *  mail.accepted ----> decode-accepted --\
 *  dequeue.requests -> decode-requests ---> queue (stores: messages, deadlines, grants, release
 *  delivery.outcomes > decode-outcomes --/         jobs; in memory: index, message deadlines,
 *                                                   usage; global: gateways)
 *                                                   |-> mail.released
 *  gateway.config --> global store "gateways"       |-> edge.replies (partition named by the request)
 *                                                   |-> queue.usage, mail.lifecycle
 *                                                   |-> mail.accepted (hand-off to a local domain)
 *                                                   '-> queue-steps (to the message timeline, when attached)
 * </pre>
 *
 * The three inputs are co-partitioned (keyed by domain, same partition count), so one task owns
 * everything about a domain.
 */
public final class QueueTopology {
    public static final String QUEUE = "queue";
    /**
     * The queue's steps ({@link QueueStep}) for the message timeline: a node that passes them on to
     * its children, none unless the timeline is attached.
     */
    public static final String STEPS = "queue-steps";

    private QueueTopology() {
    }

    public static Topology build(QueueOptions options) {
        Topology t = new Topology();
        t.addGlobalStore(QueueStores.gateways(), "gateway-config-source", new StringDeserializer(),
                new ByteArrayDeserializer(), Topics.GATEWAY_CONFIG, "gateway-config-updater", GatewayStoreUpdater::new);

        source(t, options, Topics.MAIL_ACCEPTED, "accepted");
        source(t, options, Topics.DEQUEUE_REQUESTS, "requests");
        source(t, options, Topics.DELIVERY_OUTCOMES, "outcomes");
        t.addProcessor(QUEUE, () -> new QueueProcessor(options), "decode-accepted", "decode-requests",
                "decode-outcomes");
        for (StoreBuilder<?> b : QueueStores.builders(options.changelog(), options.inMemoryStores())) {
            t.addStateStore(b, QUEUE);
        }

        StringSerializer keys = new StringSerializer();
        ByteArraySerializer bytes = new ByteArraySerializer();
        t.addSink(Emitter.RELEASED_SINK, Topics.MAIL_RELEASED, keys, bytes, QUEUE);
        t.addSink(Emitter.REPLIES_SINK, Topics.EDGE_REPLIES, keys, new ReplyPayload.PayloadSerializer(),
                new ReplyPayload.Partitioner(), QUEUE);
        t.addSink(Emitter.USAGE_SINK, Topics.QUEUE_USAGE, keys, bytes, QUEUE);
        t.addSink(Emitter.LIFECYCLE_SINK, Topics.MAIL_LIFECYCLE, keys, bytes, QUEUE);
        t.addSink(Emitter.ACCEPTED_SINK, Topics.MAIL_ACCEPTED, keys, bytes, QUEUE);
        t.addProcessor(STEPS, () -> new ContextualProcessor<String, QueueStep, String, QueueStep>() {
            @Override
            public void process(Record<String, QueueStep> r) {
                context().forward(r);
            }
        }, QUEUE);
        return t;
    }

    private static void source(Topology t, QueueOptions options, String topic, String name) {
        t.addSource(name + "-source", new StringDeserializer(), new ByteArrayDeserializer(), topic);
        t.addProcessor("decode-" + name, () -> new InputDecoder(topic, options.metrics()), name + "-source");
    }
}
