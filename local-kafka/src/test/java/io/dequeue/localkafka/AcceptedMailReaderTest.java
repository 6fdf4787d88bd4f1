package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.body.AcceptedMailReader;
import io.dequeue.model.body.BodyMissingException;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.topic.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AcceptedMailReader} against the real broker: bodies by (partition, offset), read forward
 * when close, sought when far, among other domains' records, large ones, and precise errors for
 * a record deleted by retention, an aborted one, or another message.
 */
@ExtendWith(LocalKafkaExtension.class)
class AcceptedMailReaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String topic = "accepted-reader-" + UUID.randomUUID();

    private String createTopic(KafkaCluster kafka) throws Exception {
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(Topics.MAX_RECORD_BYTES))))).all().get();
        }
        return topic;
    }

    private AcceptedMailReader reader(KafkaCluster kafka, int fetchBytes) {
        return new AcceptedMailReader(topic, KafkaClientProperties.bootstrap(kafka.bootstrapServers()),
                "reader-test", fetchBytes, AcceptedMailReader.DEFAULT_FORWARD_RECORDS, TIMEOUT);
    }

    private static Envelope envelope(String id, String domain, long size) {
        return new Envelope(id, "Q" + id, "alice@example.com", null, null, null, size,
                List.of(new Envelope.Recipient("bob@" + domain)), "198.51.100.20", "mail.example.com", null, false,
                Instant.parse("2026-05-04T08:00:00Z"));
    }

    private static byte[] body(String id, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) ('a' + Math.floorMod(id.hashCode(), 26)));
        byte[] head = ("Message-ID: <" + id + ">\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, Math.min(head.length, size));
        return b;
    }

    private static ProducerRecord<String, byte[]> record(String topic, int partition, String domain, String id, int size) {
        RecordHeaders h = new RecordHeaders();
        MailHeaders.putEnvelope(h, envelope(id, domain, size));
        return new ProducerRecord<>(topic, partition, domain, body(id, size), h);
    }

    /** Writes the records in order to partition 0 and returns each one's offset by message id. */
    private Map<String, Long> write(KafkaCluster kafka, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Map<String, Long> offsets = new HashMap<>();
        try (KafkaProducer<String, byte[]> p = Clients.producer(kafka.bootstrapServers(), Topics.MAX_RECORD_BYTES)) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(p.send(r));
            }
            for (int i = 0; i < records.size(); i++) {
                offsets.put(MailHeaders.envelope(records.get(i).headers()).messageId(), sent.get(i).get().offset());
            }
        }
        return offsets;
    }

    /** Messages {@code m0} .. {@code m<count-1>} of {@code size} bytes to partition 0, in order; their offsets. */
    private Map<String, Long> writeNumbered(KafkaCluster kafka, int count, int size) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(topic, 0, "example.net", "m" + i, size));
        }
        return write(kafka, records);
    }

    @Test
    void closeOffsetsAreReadForwardWithOneSeek(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        Map<String, Long> offsets = writeNumbered(kafka, 50, 4096);

        try (AcceptedMailReader reader = reader(kafka, AcceptedMailReader.DEFAULT_FETCH_BYTES)) {
            for (int i = 0; i < 50; i += 2) {
                AcceptedMail m = reader.read(0, offsets.get("m" + i), "m" + i);
                assertThat(m.envelope().messageId()).isEqualTo("m" + i);
                assertThat(m.raw()).isEqualTo(body("m" + i, 4096));
            }
            assertThat(reader.seeks()).as("one seek, then forward").isEqualTo(1);
            assertThat(reader.passed()).isEqualTo(24);

            reader.read(0, offsets.get("m3"), "m3");
            assertThat(reader.seeks()).as("behind: sought").isEqualTo(2);
        }
    }

    @Test
    void inACrowdedPartitionEachBodyIsItsOwnAndFarOnesAreSought(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (i % 300 == 7 || i == 8 || i == 20) {
                String id = "ours-" + i;
                ours.add(id);
                records.add(record(topic, 0, "example.net", id, 4096));
            } else {
                records.add(record(topic, 0, "d" + (i % 97) + ".example", "other-" + i, 512 + i % 3000));
            }
        }
        Map<String, Long> offsets = write(kafka, records);

        try (AcceptedMailReader reader = reader(kafka, AcceptedMailReader.DEFAULT_FETCH_BYTES)) {
            for (String id : ours) {
                AcceptedMail m = reader.read(0, offsets.get(id), id);
                assertThat(m.envelope().messageId()).isEqualTo(id);
                assertThat(m.envelope().recipients().get(0).domain()).isEqualTo("example.net");
                assertThat(m.raw()).isEqualTo(body(id, 4096));
            }
            // ours-7, ours-8 and ours-20 are close (one seek); the other nine are 300 apart (a seek each).
            assertThat(reader.seeks()).isEqualTo(1 + (ours.size() - 3));
            assertThat(reader.passed()).as("read through only between close ones").isEqualTo(11);
        }
    }

    @Test
    void largeBodiesComeWholeOneAtATimeThroughASmallFetch(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        int size = 3 * 1024 * 1024;
        Map<String, Long> offsets = write(kafka, List.of(record(topic, 1, "example.net", "big-1", size),
                record(topic, 1, "example.net", "big-2", size), record(topic, 1, "example.net", "big-3", size)));

        try (AcceptedMailReader reader = reader(kafka, 64 * 1024)) {
            for (String id : List.of("big-1", "big-2", "big-3")) {
                AcceptedMail m = reader.read(1, offsets.get(id), id);
                assertThat(m.raw()).hasSize(size).isEqualTo(body(id, size));
            }
        }
    }

    @Test
    void aRecordDeletedByRetentionIsAPreciseErrorAndTheRestStillReads(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        Map<String, Long> offsets = writeNumbered(kafka, 10, 1000);
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            // What retention does: the log start offset moves past the oldest records.
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offsets.get("m5"))))
                    .all().get();
        }

        try (AcceptedMailReader reader = reader(kafka, AcceptedMailReader.DEFAULT_FETCH_BYTES)) {
            assertThat(reader.read(0, offsets.get("m6"), "m6").envelope().messageId()).isEqualTo("m6");
            assertThatThrownBy(() -> reader.read(0, offsets.get("m2"), "m2"))
                    .isInstanceOfSatisfying(BodyMissingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(BodyMissingException.Reason.DELETED);
                        assertThat(e.partition()).isZero();
                        assertThat(e.offset()).isEqualTo(offsets.get("m2"));
                        assertThat(e.getMessage()).contains("@" + offsets.get("m2")).contains("retention");
                    });
            assertThat(reader.read(0, offsets.get("m9"), "m9").raw()).isEqualTo(body("m9", 1000));
            assertThatThrownBy(() -> reader.read(0, offsets.get("m9") + 1000, "nothing"))
                    .isInstanceOfSatisfying(BodyMissingException.class,
                            e -> assertThat(e.reason()).isEqualTo(BodyMissingException.Reason.DELETED));
        }
    }

    @Test
    void anotherMessageAtTheOffsetIsRefusedNotReturned(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        Map<String, Long> offsets = write(kafka, List.of(record(topic, 0, "example.net", "m0", 100)));
        try (AcceptedMailReader reader = reader(kafka, AcceptedMailReader.DEFAULT_FETCH_BYTES)) {
            assertThatThrownBy(() -> reader.read(0, offsets.get("m0"), "someone-else"))
                    .isInstanceOfSatisfying(BodyMissingException.class,
                            e -> assertThat(e.reason()).isEqualTo(BodyMissingException.Reason.NOT_THE_MESSAGE));
        }
    }

    @Test
    void anAbortedRecordIsNoBody(KafkaCluster kafka) throws Exception {
        createTopic(kafka);
        long aborted;
        long committed;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "reader-test-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            aborted = p.send(record(topic, 0, "example.net", "aborted", 100)).get().offset();
            p.abortTransaction();
            p.beginTransaction();
            committed = p.send(record(topic, 0, "example.net", "committed", 100)).get().offset();
            p.commitTransaction();
        }
        try (AcceptedMailReader reader = reader(kafka, AcceptedMailReader.DEFAULT_FETCH_BYTES)) {
            assertThatThrownBy(() -> reader.read(0, aborted, "aborted"))
                    .isInstanceOfSatisfying(BodyMissingException.class,
                            e -> assertThat(e.reason()).isEqualTo(BodyMissingException.Reason.NO_RECORD));
            assertThat(Optional.of(reader.read(0, committed, "committed")).map(m -> m.envelope().messageId()))
                    .contains("committed");
        }
    }
}
