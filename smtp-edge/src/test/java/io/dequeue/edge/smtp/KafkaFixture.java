package io.dequeue.edge.smtp;

import static org.awaitility.Awaitility.await;

import io.dequeue.edge.kafka.UsageView;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The edge tests' view of the real broker: publishes {@link TestGateways} to {@code gateway.config}
 * and {@code queue.usage} (once per JVM), and reads everything the edge writes to
 * {@code mail.accepted} and {@code mail.lifecycle} in a background thread, by queue id.
 */
final class KafkaFixture {

    /** One {@code mail.accepted} record. */
    record Accepted(String key, int partition, long offset, long timestamp, byte[] value, Envelope envelope, String ceType) {
        String text() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }

        /** The message after the edge's Received: line. */
        byte[] afterReceived() {
            String t = text();
            int end = t.indexOf("\r\n", t.indexOf("\r\n\t", t.indexOf(";\r\n")) + 1) + 2;
            return java.util.Arrays.copyOfRange(value, end, value.length);
        }

        String receivedLine() {
            String t = text();
            return t.substring(0, t.indexOf("\r\n", t.indexOf("\r\n\t", t.indexOf(";\r\n")) + 1) + 2);
        }
    }

    private static volatile KafkaFixture instance;

    private final String bootstrap;
    final Map<String, List<Accepted>> accepted = new ConcurrentHashMap<>();
    final List<Accepted> all = new CopyOnWriteArrayList<>();
    final List<LifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
    private volatile boolean positioned;

    private KafkaFixture(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The fixture of this JVM: gateways published and visible to the edge, the reader running. */
    static synchronized KafkaFixture get(String bootstrap, GatewayDirectory directory, UsageView usage) throws Exception {
        if (instance == null) {
            KafkaFixture f = new KafkaFixture(bootstrap);
            f.publish();
            Thread t = new Thread(f::read, "edge-test-accepted");
            t.setDaemon(true);
            t.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> f.positioned);
            instance = f;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestGateways.RECORDS.keySet().stream().allMatch(d -> directory.find(d).isPresent())
                && usage.usage(TestGateways.FULL).isPresent());
        return instance;
    }

    private void publish() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(ProducerDefaults.reliable(bootstrap, "edge-test-fixture"))) {
            String source = CloudEvents.source("edge-test", "fixture");
            for (Map.Entry<DomainName, GatewayRecord> e : TestGateways.RECORDS.entrySet()) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.GATEWAY_CONFIG, ContractRecords.key(e.getKey()),
                        ContractSerdes.gatewayRecord().serialize(Topics.GATEWAY_CONFIG, e.getValue()));
                CloudEvents.apply(r.headers(), EventTypes.GATEWAY_CONFIG, source, CloudEvents.JSON);
                p.send(r).get(10, TimeUnit.SECONDS);
            }
            for (Map.Entry<DomainName, QueueUsage> e : TestGateways.USAGE.entrySet()) {
                p.send(ContractRecords.json(Topics.QUEUE_USAGE, e.getKey(), e.getValue(), EventTypes.QUEUE_USAGE, source))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    private void read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "edge-test-accepted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : List.of(Topics.MAIL_ACCEPTED, Topics.MAIL_LIFECYCLE)) {
                c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(pi -> tps.add(new TopicPartition(topic, pi.partition())));
            }
            c.assign(tps);
            c.seekToEnd(tps);
            tps.forEach(tp -> c.position(tp, Duration.ofSeconds(30)));
            positioned = true;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(Topics.MAIL_ACCEPTED)) {
                        Envelope env = MailHeaders.envelope(r.headers());
                        Accepted a = new Accepted(new String(r.key(), StandardCharsets.US_ASCII), r.partition(), r.offset(), r.timestamp(), r.value(),
                                env, CloudEvents.type(r.headers()));
                        accepted.computeIfAbsent(env.queueId(), k -> new CopyOnWriteArrayList<>()).add(a);
                        all.add(a);
                    } else {
                        try {
                            lifecycle.add(ContractSerdes.lifecycleEvent().deserialize(r.topic(), r.value()));
                        } catch (RuntimeException e) {
                            // another service's event this test does not read
                        }
                    }
                }
            }
        }
    }

    /** The records of a queue id, once {@code count} of them are there. */
    List<Accepted> awaitAccepted(String queueId, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted.getOrDefault(queueId, List.of()).size() >= count);
        return accepted.get(queueId);
    }

    List<Accepted> bySender(String reversePath) {
        return all.stream().filter(a -> a.envelope().reversePath().equals(reversePath)).toList();
    }
}
