package io.dequeue.model.serde;

import io.dequeue.model.event.EventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CloudEventsTest {

    @Test
    void headerNamesAreTheKafkaBinaryModeNames() {
        assertThat(CloudEvents.SPEC_VERSION).isEqualTo("ce_specversion");
        assertThat(CloudEvents.ID).isEqualTo("ce_id");
        assertThat(CloudEvents.TYPE).isEqualTo("ce_type");
        assertThat(CloudEvents.SOURCE).isEqualTo("ce_source");
        assertThat(CloudEvents.TIME).isEqualTo("ce_time");
        assertThat(CloudEvents.SUBJECT).isEqualTo("ce_subject");
        assertThat(CloudEvents.CONTENT_TYPE).isEqualTo("content-type");
        assertThat(CloudEvents.JSON).isEqualTo("application/json");
        assertThat(CloudEvents.RFC822).isEqualTo("message/rfc822");
    }

    @Test
    void applySetsEveryHeaderInOrder() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "id-1", EventTypes.REQUEST_ETRN,
                CloudEvents.source("smtp-edge", "edge-0"), CloudEvents.JSON, Instant.parse("2026-05-04T09:30:00.125Z"));

        assertThat(h.toArray()).extracting(Header::key, x -> new String(x.value(), StandardCharsets.UTF_8))
                .containsExactly(
                        tuple("ce_specversion", "1.0"),
                        tuple("ce_id", "id-1"),
                        tuple("ce_type", "io.dequeue.request.etrn"),
                        tuple("ce_source", "/dequeue/smtp-edge/edge-0"),
                        tuple("ce_time", "2026-05-04T09:30:00.125Z"),
                        tuple("content-type", "application/json"));
        assertThat(CloudEvents.type(h)).isEqualTo(EventTypes.REQUEST_ETRN);
        assertThat(CloudEvents.get(h, CloudEvents.SUBJECT)).isNull();
    }

    @Test
    void timeIsTruncatedToMilliseconds() {
        Headers h = CloudEvents.apply(new RecordHeaders(), "id", "t", "/s", CloudEvents.JSON,
                Instant.parse("2026-05-04T09:30:00.123456789Z"));
        assertThat(CloudEvents.get(h, CloudEvents.TIME)).isEqualTo("2026-05-04T09:30:00.123Z");

        CloudEvents.apply(h, "id", "t", "/s", CloudEvents.JSON, Instant.parse("2026-05-04T09:30:00Z"));
        assertThat(CloudEvents.get(h, CloudEvents.TIME)).isEqualTo("2026-05-04T09:30:00Z");
    }

    @Test
    void applyWithoutIdUsesAFreshShortIdAndTheCurrentTime() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Headers a = CloudEvents.apply(new RecordHeaders(), EventTypes.QUEUE_USAGE, "/dequeue/queue-service/q", CloudEvents.JSON);
        Headers b = CloudEvents.apply(new RecordHeaders(), EventTypes.QUEUE_USAGE, "/dequeue/queue-service/q", CloudEvents.JSON);
        Instant after = Instant.now();

        String id = CloudEvents.get(a, CloudEvents.ID);
        assertThat(id).matches("[A-Za-z0-9_-]{22}"); // a random UUID's bits, base64url (RandomIds)
        assertThat(CloudEvents.get(b, CloudEvents.ID)).isNotEqualTo(id);
        assertThat(Instant.parse(CloudEvents.get(a, CloudEvents.TIME))).isBetween(before, after);
        assertThat(a.toArray()).hasSize(6);
    }

    @Test
    void applyTwiceReplacesInsteadOfAdding() {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, "one", "t1", "/s", CloudEvents.JSON, Instant.EPOCH);
        CloudEvents.apply(h, "two", "t2", "/s", CloudEvents.RFC822, Instant.EPOCH);
        assertThat(h.toArray()).hasSize(6);
        assertThat(CloudEvents.get(h, CloudEvents.ID)).isEqualTo("two");
        assertThat(CloudEvents.type(h)).isEqualTo("t2");
        assertThat(CloudEvents.get(h, CloudEvents.CONTENT_TYPE)).isEqualTo("message/rfc822");
    }

    @Test
    void putReplacesAndGetReadsTheLastValue() {
        Headers h = new RecordHeaders();
        CloudEvents.put(h, "x", "1");
        CloudEvents.put(h, "x", "2");
        assertThat(h.headers("x")).hasSize(1);
        assertThat(CloudEvents.get(h, "x")).isEqualTo("2");

        h.add("y", "a".getBytes(StandardCharsets.UTF_8));
        h.add("y", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(CloudEvents.get(h, "y")).isEqualTo("b");

        h.add("z", null);
        assertThat(CloudEvents.get(h, "z")).isNull();
        assertThat(CloudEvents.get(h, "absent")).isNull();
    }

    @Test
    void valuesAreUtf8() {
        Headers h = new RecordHeaders();
        CloudEvents.put(h, CloudEvents.SUBJECT, "bücher.example ✉");
        assertThat(h.lastHeader(CloudEvents.SUBJECT).value())
                .isEqualTo("bücher.example ✉".getBytes(StandardCharsets.UTF_8));
        assertThat(CloudEvents.get(h, CloudEvents.SUBJECT)).isEqualTo("bücher.example ✉");
    }

    @Test
    void source() {
        assertThat(CloudEvents.source("queue-service", "queue-0")).isEqualTo("/dequeue/queue-service/queue-0");
    }

    /** What a producer sets is what a consumer reads, through Kafka's own record types. */
    @Test
    void headersRoundTripFromProducerRecordToConsumerRecord() {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("dequeue.requests", null,
                "example.net".getBytes(StandardCharsets.US_ASCII), "{}".getBytes(StandardCharsets.UTF_8));
        CloudEvents.apply(out.headers(), "id-7", EventTypes.REQUEST_ATRN, "/dequeue/smtp-edge/edge-1",
                CloudEvents.JSON, Instant.parse("2026-05-04T10:15:00Z"));

        Headers copied = new RecordHeaders();
        for (Header header : out.headers()) {
            copied.add(header.key(), header.value().clone());
        }
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("dequeue.requests", 0, 42L, 0L,
                TimestampType.CREATE_TIME, 11, 2, out.key(), out.value(), copied, Optional.empty());

        assertThat(CloudEvents.type(in.headers())).isEqualTo(EventTypes.REQUEST_ATRN);
        assertThat(CloudEvents.get(in.headers(), CloudEvents.ID)).isEqualTo("id-7");
        assertThat(CloudEvents.get(in.headers(), CloudEvents.SOURCE)).isEqualTo("/dequeue/smtp-edge/edge-1");
        assertThat(CloudEvents.get(in.headers(), CloudEvents.TIME)).isEqualTo("2026-05-04T10:15:00Z");
        assertThat(CloudEvents.get(in.headers(), CloudEvents.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(CloudEvents.get(in.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo("application/json");
    }
}
