package io.dequeue.delivery;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.delivery.messaging.ReleasedMailConsumer;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.topic.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through a real broker: mail.released records in, SMTP to an in-test sink, one
 * DeliveryOutcome per release out.
 */
@QuarkusTest
@QuarkusTestResource(LocalKafkaResource.class)
class DeliveryFlowTest {
    /** Health and metrics: the management interface (a port of its own), under its root path /q. */
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;


    @jakarta.inject.Inject
    DeliveryRuntime runtime;

    private static SmtpSink sink;
    private static int sinkPort;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        sink = new SmtpSink();
        sinkPort = sink.start();
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(ProducerDefaults.reliable(servers, "delivery-flow-test"));
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        sink.close();
    }

    private static String freshDomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    /** A message with dot lines, 8-bit bytes and CR LF endings, unique by its Message-ID. */
    private static byte[] message(String id, int extraLines) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("Message-ID: <" + id + "@test>\r\nSubject: release " + id + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(".a line with a leading dot\r\n..two dots\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("Gr\u00fc\u00dfe \u20ac\r\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < extraLines; i++) {
            b.writeBytes((i % 7 == 0 ? "." : "") .getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(("line " + i + " of some filler text to make the message longer\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    private static void release(String domain, String releaseId, Instant deadline, byte[] content, String... rcpts)
            throws Exception {
        release(domain, releaseId, deadline, new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "127.0.0.1", sinkPort),
                content, rcpts);
    }

    private static void release(String domain, String releaseId, Instant deadline, ReleaseTarget target,
                                byte[] content, String... rcpts) throws Exception {
        List<Envelope.Recipient> recipients = new ArrayList<>();
        for (String r : rcpts) {
            recipients.add(new Envelope.Recipient(r));
        }
        Envelope env = new Envelope("m-" + releaseId, "Q" + releaseId, "sender@example.com", null, null,
                Envelope.Body.EIGHT_BIT_MIME, content.length, recipients, "198.51.100.20", "client.example", null,
                false, Instant.now());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_RELEASED,
                domain.getBytes(StandardCharsets.US_ASCII), content);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_RELEASED, "/dequeue/queue-service/test", CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), env);
        MailHeaders.putRelease(r.headers(), releaseId, deadline, target, 1);
        producer.send(r).get(10, TimeUnit.SECONDS);
    }

    /** Writes a message to mail.accepted as the edge does (full envelope, 8BITMIME); where it landed. */
    private static MailHeaders.AcceptedRef accept(String domain, String messageId, byte[] content, String... rcpts)
            throws Exception {
        List<Envelope.Recipient> recipients = new ArrayList<>();
        for (String r : rcpts) {
            recipients.add(new Envelope.Recipient(r));
        }
        Envelope env = new Envelope(messageId, "Q" + messageId, "sender@example.com", null, null,
                Envelope.Body.EIGHT_BIT_MIME, content.length, recipients, "198.51.100.20", "client.example", null,
                false, Instant.now());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_ACCEPTED,
                domain.getBytes(StandardCharsets.US_ASCII), content);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_ACCEPTED, "/dequeue/smtp-edge/test", CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), env);
        org.apache.kafka.clients.producer.RecordMetadata m = producer.send(r).get(10, TimeUnit.SECONDS);
        return new MailHeaders.AcceptedRef(m.partition(), m.offset());
    }

    /**
     * A release as queue-service writes it: empty value, the body named by its mail.accepted record,
     * the envelope as the queue's state knows it (no BODY/RET/ENVID), with the recipients still pending.
     */
    private static void releaseByRef(String domain, String releaseId, String messageId, MailHeaders.AcceptedRef ref,
                                     String... pending) throws Exception {
        List<Envelope.Recipient> recipients = new ArrayList<>();
        for (String r : pending) {
            recipients.add(new Envelope.Recipient(r));
        }
        Envelope env = new Envelope(messageId, null, "sender@example.com", null, null, null, 0, recipients, null, null,
                null, false, Instant.now());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_RELEASED,
                domain.getBytes(StandardCharsets.US_ASCII), new byte[0]);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_RELEASED, "/dequeue/queue-service/test", CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), env);
        MailHeaders.putRelease(r.headers(), releaseId, Instant.now().plusSeconds(600),
                new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "127.0.0.1", sinkPort), 1);
        MailHeaders.putAcceptedRef(r.headers(), ref);
        producer.send(r).get(10, TimeUnit.SECONDS);
    }

    /** Every record of a topic keyed by {@code domain}, read from the start. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, String domain) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (domain.equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static List<DeliveryOutcome> outcomes(String domain) {
        return records(Topics.DELIVERY_OUTCOMES, domain).stream()
                .map(r -> Json.read(r.value(), DeliveryOutcome.class)).toList();
    }

    private static List<LifecycleEvent> lifecycle(String domain) {
        return records(Topics.MAIL_LIFECYCLE, domain).stream()
                .map(r -> Json.read(r.value(), LifecycleEvent.class)).toList();
    }

    private static SmtpSink.Received received(String id) {
        String marker = "Message-ID: <" + id + "@test>";
        return sink.received.stream()
                .filter(r -> new String(r.body(), StandardCharsets.ISO_8859_1).startsWith(marker)).findFirst().orElse(null);
    }

    @Test
    void releasedMessagesArriveByteIdenticalWithOneDeliveredOutcomeEach() throws Exception {
        String domain = freshDomain("flush");
        Map<String, byte[]> sent = new HashMap<>();
        int n = 25;
        for (int i = 0; i < n; i++) {
            String releaseId = "rel-" + i + "-" + UUID.randomUUID();
            byte[] content = message(releaseId, i == 3 ? 5000 : i * 3);
            sent.put(releaseId, content);
            release(domain, releaseId, Instant.now().plusSeconds(600), content, "user" + i + "@" + domain,
                    "second" + i + "@" + domain);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes(domain).size() >= n);
        List<DeliveryOutcome> outcomes = outcomes(domain);
        assertThat(outcomes).hasSize(n);
        assertThat(outcomes).extracting(DeliveryOutcome::releaseId).containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (DeliveryOutcome o : outcomes) {
            assertThat(o.domain()).isEqualTo(DomainName.parse(domain));
            assertThat(o.messageId()).isEqualTo("m-" + o.releaseId());
            assertThat(o.deliveredBy()).isEqualTo("delivery-service");
            assertThat(o.results()).hasSize(2).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
                assertThat(r.reply().code()).isEqualTo(250);
            });
            SmtpSink.Received got = received(o.releaseId());
            assertThat(got).as("sink got %s", o.releaseId()).isNotNull();
            assertThat(got.body()).isEqualTo(sent.get(o.releaseId()));
            assertThat(got.sender()).isEqualTo("sender@example.com");
            assertThat(got.recipients()).hasSize(2);
        }
        // bounded work in flight: 25 releases against a limit of 5 paused consumption
        assertThat(runtime.consumer().orElseThrow().pauses()).isPositive();
        // few connections for many messages (at most 2 per target)
        assertThat(sink.connections.get()).isLessThanOrEqualTo(n / 2);
        List<LifecycleEvent> events = lifecycle(domain);
        assertThat(events.stream().filter(e -> e.type() == LifecycleEvent.Type.DELIVERED)).hasSize(2 * n);
    }

    @Test
    void perRecipientMixOfDeliveredTransientAndPermanent() throws Exception {
        String domain = freshDomain("mix");
        String releaseId = "mix-" + UUID.randomUUID();
        release(domain, releaseId, Instant.now().plusSeconds(600), message(releaseId, 2),
                "ok@" + domain, "later@" + domain, "bad@" + domain);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !outcomes(domain).isEmpty());
        DeliveryOutcome o = outcomes(domain).get(0);
        assertThat(o.releaseId()).isEqualTo(releaseId);
        assertThat(o.results()).extracting(DeliveryOutcome.RecipientResult::status).containsExactly(
                DeliveryOutcome.Status.DELIVERED, DeliveryOutcome.Status.TRANSIENT, DeliveryOutcome.Status.PERMANENT);
        assertThat(o.results().get(1).reply()).isEqualTo(new DeliveryOutcome.SmtpReplyInfo(450, "4.2.1", "Try again later"));
        assertThat(o.results().get(2).reply().enhanced()).isEqualTo("5.1.1");
        assertThat(received(releaseId).recipients()).containsExactly("ok@" + domain);
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle(domain).size() >= 3);
        assertThat(lifecycle(domain)).extracting(LifecycleEvent::type).containsExactlyInAnyOrder(
                LifecycleEvent.Type.DELIVERED, LifecycleEvent.Type.DEFERRED, LifecycleEvent.Type.FAILED);
    }

    @Test
    void aReleaseLargerThanOneFetchIsDeliveredAndTheNextOneToo() throws Exception {
        // the consumer fetches little at a time (first message of a big release early); a record
        // larger than both fetch limits still comes whole, and consumption goes on after it
        String domain = freshDomain("big");
        String big = "big-" + UUID.randomUUID();
        String small = "small-" + UUID.randomUUID();
        byte[] bigContent = message(big, 160_000);
        assertThat(bigContent.length).isGreaterThan(ReleasedMailConsumer.FETCH_BYTES)
                .isGreaterThan(ReleasedMailConsumer.PARTITION_FETCH_BYTES);
        release(domain, big, Instant.now().plusSeconds(600), bigContent, "ok@" + domain);
        release(domain, small, Instant.now().plusSeconds(600), message(small, 1), "ok@" + domain);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes(domain).size() >= 2);
        // both were consumed; they are delivered concurrently, so the outcomes may come in either order
        assertThat(outcomes(domain)).extracting(DeliveryOutcome::releaseId).containsExactlyInAnyOrder(big, small);
        assertThat(received(big).body()).isEqualTo(bigContent);
        assertThat(received(small)).isNotNull();
    }

    @Test
    void anExpiredLeaseIsSkipped() throws Exception {
        String domain = freshDomain("stale");
        String stale = "stale-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        // same key, same partition: the fresh one is processed after the stale one
        release(domain, stale, Instant.now().minusSeconds(5), message(stale, 1), "ok@" + domain);
        release(domain, fresh, Instant.now().plusSeconds(600), message(fresh, 1), "ok@" + domain);
        // Both records are done once the fresh one has its outcome and the stale one its
        // lease-expired event: skipping publishes that event and nothing else.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !outcomes(domain).isEmpty() && lifecycle(domain).stream().anyMatch(
                        e -> e.type() == LifecycleEvent.Type.DEFERRED && stale.equals(e.details().get("releaseId"))
                                && "lease-expired".equals(e.details().get("reason"))));
        assertThat(outcomes(domain)).extracting(DeliveryOutcome::releaseId).containsExactly(fresh);
        assertThat(received(stale)).isNull();
        assertThat(received(fresh)).isNotNull();
    }

    @Test
    void aReleaseAimedAtTheGatewayItselfFailsAsALoop() throws Exception {
        // 127.0.0.53 is an own address (dequeue.own-addresses, env DEQUEUE_OWN_ADDRESSES), although
        // private targets are allowed here: the gateway never delivers to itself
        String domain = freshDomain("loop");
        String releaseId = "loop-" + UUID.randomUUID();
        release(domain, releaseId, Instant.now().plusSeconds(600),
                new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "127.0.0.53", sinkPort), message(releaseId, 1),
                "ok@" + domain);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !outcomes(domain).isEmpty());
        DeliveryOutcome.RecipientResult r = outcomes(domain).get(0).results().get(0);
        assertThat(r.status()).isEqualTo(DeliveryOutcome.Status.PERMANENT);
        assertThat(r.reply().code()).isEqualTo(554);
        assertThat(r.reply().enhanced()).isEqualTo("5.4.6");
        assertThat(received(releaseId)).isNull();
    }

    @Test
    void aReleaseThatNamesItsBodyDeliversTheAcceptedRecordByteIdenticalToThePendingRecipients() throws Exception {
        String domain = freshDomain("ref");
        Map<String, byte[]> sent = new HashMap<>();
        Map<String, MailHeaders.AcceptedRef> refs = new HashMap<>();
        int n = 12;
        for (int i = 0; i < n; i++) {
            String id = "ref-" + i + "-" + UUID.randomUUID();
            byte[] content = message(id, i == 5 ? 5000 : i * 3);
            sent.put(id, content);
            refs.put(id, accept(domain, "m-" + id, content, "done" + i + "@" + domain, "user" + i + "@" + domain));
        }
        for (String id : sent.keySet()) { // released in any order: the consumer reads them in offset order
            releaseByRef(domain, id, "m-" + id, refs.get(id), "user" + id.split("-")[1] + "@" + domain);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes(domain).size() >= n);
        assertThat(outcomes(domain)).hasSize(n).allSatisfy(o -> {
            assertThat(o.results()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
                assertThat(r.recipient()).startsWith("user");
            });
            SmtpSink.Received got = received(o.releaseId());
            assertThat(got).as("sink got %s", o.releaseId()).isNotNull();
            assertThat(got.body()).isEqualTo(sent.get(o.releaseId()));
            assertThat(got.recipients()).containsExactly(o.results().get(0).recipient());
        });
        RestAssured.get(metrics.toString()).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("dequeue_delivery_bodies_total"));
    }

    @Test
    void aBodyThatIsGoneIsAPermanentFailureOfTheRelease() throws Exception {
        String domain = freshDomain("gone");
        String deleted = "deleted-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        MailHeaders.AcceptedRef deletedRef = accept(domain, "m-" + deleted, message(deleted, 1), "a@" + domain);
        MailHeaders.AcceptedRef otherRef = accept(domain, "m-" + other, message(other, 1), "b@" + domain);
        MailHeaders.AcceptedRef afterRef = accept(domain, "m-" + after, message(after, 1), "c@" + domain);
        // retention: the first record's partition starts after it now
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            admin.deleteRecords(Map.of(new TopicPartition(Topics.MAIL_ACCEPTED, deletedRef.partition()),
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(deletedRef.offset() + 1)))
                    .all().get(10, TimeUnit.SECONDS);
        }
        releaseByRef(domain, deleted, "m-" + deleted, deletedRef, "a@" + domain);
        // a release naming a record that holds another message: never that message's body
        String wrong = "wrong-" + UUID.randomUUID();
        releaseByRef(domain, wrong, "m-" + wrong, otherRef, "b@" + domain);
        releaseByRef(domain, after, "m-" + after, afterRef, "c@" + domain);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes(domain).size() >= 3);
        Map<String, DeliveryOutcome> byRelease = new HashMap<>();
        outcomes(domain).forEach(o -> byRelease.put(o.releaseId(), o));
        for (String gone : List.of(deleted, wrong)) {
            assertThat(byRelease.get(gone).results()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryOutcome.Status.PERMANENT);
                assertThat(r.reply().code()).isEqualTo(554);
                assertThat(r.reply().enhanced()).isEqualTo("5.3.0");
            });
        }
        assertThat(byRelease.get(deleted).results().get(0).reply().text()).contains("deleted by retention");
        assertThat(byRelease.get(wrong).results().get(0).reply().text()).contains("another message");
        assertThat(byRelease.get(after).results().get(0).status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
        assertThat(received(deleted)).isNull();
        assertThat(received(other)).isNull();
        assertThat(received(after)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle(domain).stream()
                .filter(e -> e.type() == LifecycleEvent.Type.FAILED).count() == 2);
    }

    @Test
    void aBodyReadTheBrokerDoesNotAnswerIsTriedAgainAndTheReleaseThenDelivered() throws Exception {
        // A consumer of its own (another group, from the start of mail.released) whose reader of
        // mail.accepted does not answer twice: the release waits, is tried again, and is delivered.
        String domain = freshDomain("slow");
        String id = "slow-" + UUID.randomUUID();
        byte[] content = message(id, 3);
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        io.dequeue.delivery.messaging.BodyReader flaky = new io.dequeue.delivery.messaging.BodyReader(() -> {
            if (opens.incrementAndGet() <= 2) {
                throw new org.apache.kafka.common.errors.TimeoutException("no answer (test)");
            }
            return new io.dequeue.model.body.AcceptedMailReader(
                    io.dequeue.model.kafka.KafkaClientProperties.bootstrap(servers), "flaky-bodies",
                    io.dequeue.model.body.AcceptedMailReader.DEFAULT_FETCH_BYTES, 64, Duration.ofSeconds(10));
        });
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "flaky-" + UUID.randomUUID());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "flaky-test");
        ReleasedMailConsumer own = new ReleasedMailConsumer(config, runtime.processor(),
                new ReleasedMailConsumer.Limits(5, 64L << 20),
                new io.dequeue.delivery.service.DeliveryMetrics(registry), flaky);
        try {
            own.start(Duration.ofSeconds(5));
            releaseByRef(domain, id, "m-" + id, accept(domain, "m-" + id, content, "ok@" + domain), "ok@" + domain);
            // the service's own consumer delivers it once; the second outcome is this consumer's
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> outcomes(domain).size() >= 2);
        } finally {
            own.close();
        }
        assertThat(opens.get()).isGreaterThanOrEqualTo(3);
        assertThat(registry.counter("dequeue.delivery.bodies", "result", "unavailable").count()).isEqualTo(2);
        assertThat(outcomes(domain)).hasSize(2).allSatisfy(o -> assertThat(o.results().get(0).status())
                .isEqualTo(DeliveryOutcome.Status.DELIVERED));
        assertThat(sink.received.stream().filter(r -> java.util.Arrays.equals(r.body(), content))).hasSize(2);
        assertThat(own.isHealthy() || !own.isRunning()).isTrue();
    }

    @Test
    void readyWhenConsuming() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.get(health + "/ready").then().statusCode(200));
        RestAssured.get(metrics.toString()).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("dequeue_delivery_connections_opened"));
    }
}
