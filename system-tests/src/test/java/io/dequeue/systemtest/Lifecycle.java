package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dequeue.model.topic.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.awaitility.Awaitility;

/**
 * The {@code mail.lifecycle} events of a domain, read straight from the shared system's broker:
 * the positive facts a test waits for (an ETRN answered, a message held again, a DSN delivered)
 * before it asserts that something else did not happen.
 */
final class Lifecycle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lifecycle() {
    }

    /** Every event of {@code domain} so far, oldest first (its partition, read from the start to the end). */
    static List<JsonNode> events(DequeueSystem system, String domain) {
        TopicPartition tp = new TopicPartition(Topics.MAIL_LIFECYCLE, KafkaNodes.partitionOf(domain));
        byte[] key = domain.getBytes(StandardCharsets.US_ASCII);
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + system.kafkaPort(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (java.util.Arrays.equals(key, r.key())) {
                        out.add(JSON.readTree(r.value()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Waits until an event of {@code domain} matches; returns the first that does. */
    static JsonNode await(DequeueSystem system, String domain, String what, Predicate<JsonNode> match, Duration timeout) {
        return Awaitility.await(what + " on mail.lifecycle for " + domain).atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> events(system, domain).stream().filter(match).findFirst(), Optional::isPresent).get();
    }

    /** Events of a type ({@code etrn}, {@code held}, {@code bounced}, ...). */
    static Predicate<JsonNode> type(String type) {
        return e -> type.equals(e.path("type").asText());
    }

    /** Events of a type with a detail of a value. */
    static Predicate<JsonNode> type(String type, String detail, String value) {
        return type(type).and(e -> value.equals(e.path("details").path(detail).asText()));
    }

    /** Events about one message. */
    static Predicate<JsonNode> message(String messageId) {
        return e -> messageId.equals(e.path("messageId").asText());
    }

    /** Waits for {@code n} events of a kind at least (e.g. one per request); returns them all. */
    static List<JsonNode> awaitCount(DequeueSystem system, String domain, Predicate<JsonNode> match, int n,
                                     Duration timeout) {
        Awaitility.await("%d events on mail.lifecycle for %s".formatted(n, domain)).atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> events(system, domain).stream().filter(match).count() >= n);
        return events(system, domain).stream().filter(match).toList();
    }
}
