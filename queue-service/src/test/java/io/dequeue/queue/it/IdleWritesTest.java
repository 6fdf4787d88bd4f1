package io.dequeue.queue.it;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.topology.Gateways;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * An idle queue-service writes nothing to the broker: no transaction (markers, {@code __transaction_state}),
 * no offset commit ({@code __consumer_offsets}), no changelog record, while it holds mail with
 * deadlines days away. Kafka Streams commits after every punctuation, so this holds only because
 * the punctuators are armed when there is work.
 *
 * <p>The idle window is a fact waited for (the log end offsets unchanged across consecutive polls
 * for 3 s: 30 release intervals, 3 tick intervals), and it is followed by a positive one: an ETRN
 * is answered, and its commit moves the same offsets (the probe sees the service's commits).
 */
@QuarkusTest
@QuarkusTestResource(QueueTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleWritesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofSeconds(3);

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Kafka kafka;
    private Admin admin;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String domain = "idle-" + run + ".example";

    @BeforeAll
    void start() {
        kafka = new Kafka(bootstrap);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        kafka.gateway(Gateways.etrn(domain, DeliverTo.REQUESTER_IP, 2626));
    }

    @AfterAll
    void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void anIdleInstanceWritesNothingToTheBroker() throws Exception {
        Envelope held = kafka.accept(domain, "alice@example.com", "bob");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .get("/api/messages/{id}", held.messageId()).then().statusCode(200).body("state", equalTo("held")));

        AtomicReference<Map<TopicPartition, Long>> last = new AtomicReference<>(endOffsets());
        await().atMost(WAIT).during(IDLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, Long> now = endOffsets();
            return now.equals(last.getAndSet(now));
        });
        Map<TopicPartition, Long> idle = last.get();

        String requestId = UUID.randomUUID().toString();
        kafka.request(new EtrnRequest(requestId, DomainName.parse(domain), "192.0.2.25", "sess-" + run, 3, domain,
                Instant.now()));
        List<ConsumerRecord<byte[], byte[]>> answers = kafka.read(Topics.EDGE_REPLIES, 3,
                r -> domain.equals(Kafka.key(r)), l -> !l.isEmpty(), WAIT);
        assertThat(answers).singleElement().satisfies(r -> assertThat(((EtrnAnswer) Kafka.json(r, EdgeReply.class))
                .requestId()).isEqualTo(requestId));
        Map<TopicPartition, Long> after = endOffsets();
        assertThat(sum(after, "__transaction_state")).as("the ETRN's transaction")
                .isGreaterThan(sum(idle, "__transaction_state"));
        assertThat(sum(after, "__consumer_offsets")).as("the ETRN's offset commit")
                .isGreaterThan(sum(idle, "__consumer_offsets"));
    }

    /** The log end offsets of the broker's transaction and offset topics and the service's changelogs. */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.equals("__transaction_state") || t.equals("__consumer_offsets")
                        || t.startsWith("dequeue-queue-") && t.endsWith("-changelog"))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> spec = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                .values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> r = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> r.put(tp, info.offset()));
        return r;
    }

    private static long sum(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String token() {
        return ConfigProvider.getConfig().getValue("dequeue.admin.token", String.class);
    }
}
