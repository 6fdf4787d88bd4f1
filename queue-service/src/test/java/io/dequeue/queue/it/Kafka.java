package io.dequeue.queue.it;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.Json;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A producer speaking the contract and read_committed readers, for tests against a real broker. */
public final class Kafka implements AutoCloseable {
    private static final String EDGE = CloudEvents.source("smtp-edge", "edge-test");
    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    public Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(ProducerDefaults.reliable(bootstrap, "queue-test-" + UUID.randomUUID()));
    }

    public void send(ProducerRecord<byte[], byte[]> r) {
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting; {@link #flush()} waits for everything sent. */
    public void sendAsync(ProducerRecord<byte[], byte[]> r) {
        producer.send(r);
    }

    public void flush() {
        producer.flush();
    }

    public void gateway(GatewaySettings s) {
        send(ContractRecords.json(Topics.GATEWAY_CONFIG, s.domain(), new GatewayRecord(s, null, 1, null, Instant.now()),
                EventTypes.GATEWAY_CONFIG, CloudEvents.source("config-service", "config-test")));
    }

    public Envelope accept(String domain, String sender, String... localParts) {
        Envelope e = acceptAsync(domain, sender, localParts);
        flush();
        return e;
    }

    /** Like {@link #accept}, without waiting for the acknowledgement. */
    public Envelope acceptAsync(String domain, String sender, String... localParts) {
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        for (String lp : localParts) {
            rcpts.add(new Envelope.Recipient(lp + "@" + domain));
        }
        byte[] raw = ("From: <" + sender + ">\r\nTo: <" + rcpts.get(0).address() + ">\r\nSubject: it\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@example.com>\r\n\r\nHello from the test.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Envelope e = new Envelope(UUID.randomUUID().toString(), null, sender, null, null, null, raw.length, rcpts,
                "198.51.100.20", "mail.example.com", null, false, Instant.now());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_ACCEPTED,
                ContractRecords.key(DomainName.parse(domain)), raw);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_ACCEPTED, EDGE, CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), e);
        sendAsync(r);
        return e;
    }

    public void request(DequeueRequest req) {
        send(ContractRecords.request(req, EDGE));
    }

    /** Every committed record of a topic (all partitions, or one) that passes {@code filter}, until {@code done}. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, Integer partition,
                                                     Predicate<ConsumerRecord<byte[], byte[]>> filter,
                                                     Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                     Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            if (partition != null) {
                tps.add(new TopicPartition(topic, partition));
            } else {
                for (PartitionInfo pi : c.partitionsFor(topic)) {
                    tps.add(new TopicPartition(topic, pi.partition()));
                }
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end && !done.test(out)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    public static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.US_ASCII);
    }

    public static <T> T json(ConsumerRecord<byte[], byte[]> r, Class<T> type) {
        return Json.read(r.value(), type);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
