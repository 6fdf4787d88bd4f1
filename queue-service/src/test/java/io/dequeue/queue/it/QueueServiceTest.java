package io.dequeue.queue.it;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.anyOf;
import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.settings.AtrnSettings;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.topic.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * queue-service as Quarkus runs it, against a real broker: held mail, an ETRN answered on the
 * asking edge's partition, an ATRN session on its partition, and the admin API.
 */
@QuarkusTest
@QuarkusTestResource(QueueTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueServiceTest {
    /** Health and metrics: the management interface (a port of its own), under its root path /q. */
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    /** The %test profile's admin token. */
    private static String token() {
        return ConfigProvider.getConfig().getValue("dequeue.admin.token", String.class);
    }
    private static final String SOURCE = CloudEvents.source("queue-service", "queue-test");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Kafka kafka;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start() {
        kafka = new Kafka(bootstrap);
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    void stop() {
        kafka.close();
    }

    private static boolean ours(ConsumerRecord<byte[], byte[]> r) {
        return SOURCE.equals(CloudEvents.get(r.headers(), CloudEvents.SOURCE));
    }

    @Test
    void etrnReleasesHeldMailAndAnswersOnTheEdgesPartition() {
        String domain = "etrn-" + run + ".example";
        kafka.gateway(new GatewaySettings(DomainName.parse(domain),
                new EtrnSettings(true, false, DeliverTo.REQUESTER_IP, false, 2626), null, null, null, null, null,
                null, null, null, null, null));
        List<Envelope> held = List.of(kafka.accept(domain, "alice@example.com", "bob"),
                kafka.accept(domain, "alice@example.com", "carol"),
                kafka.accept(domain, "dave@example.org", "bob", "sales"));

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .get("/api/queues/{d}/messages", domain).then().statusCode(200)
                .body("messages.size()", equalTo(3)));

        String requestId = UUID.randomUUID().toString();
        kafka.request(new EtrnRequest(requestId, DomainName.parse(domain), "192.0.2.25", "sess-" + run, 3, domain,
                Instant.now()));

        List<ConsumerRecord<byte[], byte[]>> released = kafka.read(Topics.MAIL_RELEASED, null,
                r -> ours(r) && domain.equals(Kafka.key(r)), l -> l.size() >= 3, WAIT);
        assertThat(released).hasSize(3);
        assertThat(released).extracting(r -> MailHeaders.envelope(r.headers()).messageId())
                .containsExactlyInAnyOrderElementsOf(held.stream().map(Envelope::messageId).toList());
        assertThat(released).allSatisfy(r -> {
            assertThat(MailHeaders.target(r.headers()))
                    .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "192.0.2.25", 2626));
            assertThat(CloudEvents.type(r.headers())).isEqualTo(EventTypes.MAIL_RELEASED);
            assertThat(r.value()).isEmpty();
            assertThat(MailHeaders.acceptedRef(r.headers())).isNotNull();
        });

        List<ConsumerRecord<byte[], byte[]>> answers = kafka.read(Topics.EDGE_REPLIES, 3,
                r -> ours(r) && domain.equals(Kafka.key(r)), l -> !l.isEmpty(), WAIT);
        assertThat(answers).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(3);
            EtrnAnswer a = (EtrnAnswer) Kafka.json(r, EdgeReply.class);
            assertThat(a.requestId()).isEqualTo(requestId);
            assertThat(a.outcome()).isEqualTo(EtrnAnswer.Outcome.RELEASED);
            assertThat(a.released()).isEqualTo(3);
        });

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token()).get("/api/queues").then()
                .statusCode(200)
                .body("queues.find { it.domain == '" + domain + "' }.heldCount", equalTo(3))
                .body("queues.find { it.domain == '" + domain + "' }.inFlight", equalTo(3)));

        // The same on the management port, as gauges labelled with the domain, and the counters.
        String d = "{domain=\"" + domain + "\"}";
        await().atMost(WAIT).untilAsserted(() -> given().get(metrics.toString()).then().statusCode(200)
                .body(containsString("dequeue_queue_held_messages" + d + " 3.0"))
                .body(containsString("dequeue_queue_in_flight" + d + " 3.0"))
                .body(containsString("dequeue_queue_held_bytes" + d + " "))
                .body(containsString("dequeue_queue_oldest_age_seconds" + d + " "))
                .body(containsString("dequeue_queue_oldest_hold_ratio" + d + " "))
                .body(containsString("dequeue_queue_etrn_total{result=\"released\"}"))
                .body(containsString("dequeue_queue_releases_total{via=\"etrn\"}"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"))
                .body(not(containsString("kafka_stream_processor_node"))));
    }

    @Test
    void atrnGrantAndMessagesGoToTheSessionsPartition() {
        String domain = "atrn-" + run + ".example";
        kafka.gateway(new GatewaySettings(DomainName.parse(domain), null, new AtrnSettings(true, true), null, null,
                null, null, null, null, null, null, null));
        Envelope e = kafka.accept(domain, "alice@example.com", "bob");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .get("/api/queues/{d}/messages", domain).then().statusCode(200).body("messages.size()", equalTo(1)));

        kafka.request(new AtrnRequest(UUID.randomUUID().toString(), DomainName.parse(domain), "odmr-" + run, domain,
                "203.0.113.50", 5, Instant.now()));
        List<ConsumerRecord<byte[], byte[]>> r = kafka.read(Topics.EDGE_REPLIES, 5,
                x -> ours(x) && domain.equals(Kafka.key(x)), l -> l.size() >= 2, WAIT);
        assertThat(r).hasSize(2).allSatisfy(x -> assertThat(x.partition()).isEqualTo(5));
        AtrnAnswer a = (AtrnAnswer) Kafka.json(r.get(0), EdgeReply.class);
        assertThat(a.outcome()).isEqualTo(AtrnAnswer.Outcome.GRANTED);
        assertThat(CloudEvents.type(r.get(1).headers())).isEqualTo(EventTypes.REPLY_ATRN_MESSAGE);
        assertThat(MailHeaders.envelope(r.get(1).headers()).messageId()).isEqualTo(e.messageId());
        assertThat(CloudEvents.get(r.get(1).headers(), MailHeaders.SESSION_ID)).isEqualTo("odmr-" + run);
    }

    @Test
    void theAdminApiShowsDropsAndBouncesHeldMail() {
        String domain = "admin-" + run + ".example";
        kafka.gateway(new GatewaySettings(DomainName.parse(domain),
                new EtrnSettings(true, false, DeliverTo.host("[192.0.2.80]"), false, 25), null, null, null, null, null,
                null, null, null, null, null));
        Envelope keep = kafka.accept(domain, "alice@example.com", "bob");
        Envelope drop = kafka.accept(domain, "alice@example.com", "carol");
        Envelope bounce = kafka.accept(domain, "alice@example.com", "dave");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .get("/api/queues/{d}/messages", domain).then().statusCode(200).body("messages.size()", equalTo(3)));

        // paging
        String next = given().auth().oauth2(token()).queryParam("limit", 2).get("/api/queues/{d}/messages", domain)
                .then().statusCode(200).body("messages.size()", equalTo(2))
                .body("messages[0].id", equalTo(keep.messageId()))
                .body("messages[0].sender", equalTo("alice@example.com"))
                .body("messages[0].recipients", hasItem("bob@" + domain))
                .body("messages[0].state", equalTo("held"))
                .extract().path("next");
        given().auth().oauth2(token()).queryParam("after", next).get("/api/queues/{d}/messages", domain)
                .then().statusCode(200).body("messages.size()", equalTo(1))
                .body("messages[0].id", equalTo(bounce.messageId()));

        given().auth().oauth2(token()).get("/api/queues/{d}/messages/{id}", domain, keep.messageId()).then()
                .statusCode(200).body("envelope.messageId", equalTo(keep.messageId()))
                .body("headers.find { it.name == 'Subject' }.value", equalTo("it"));
        byte[] raw = given().auth().oauth2(token()).queryParam("raw", true)
                .get("/api/queues/{d}/messages/{id}", domain, keep.messageId()).then().statusCode(200)
                .contentType("message/rfc822").extract().asByteArray();
        assertThat(new String(raw)).startsWith("From: <alice@example.com>");

        given().auth().oauth2(token()).delete("/api/queues/{d}/messages/{id}", domain, drop.messageId()).then()
                .statusCode(202).body("action", equalTo("drop")).body("principal", equalTo("api:admin-token"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body("{\"reason\":\"closed account\"}")
                .post("/api/queues/{d}/messages/{id}/bounce", domain, bounce.messageId()).then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .get("/api/queues/{d}/messages", domain).then().statusCode(200).body("messages.size()", equalTo(1)));
        given().auth().oauth2(token()).get("/api/queues/{d}/messages/{id}", domain, drop.messageId()).then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:dequeue:problem:unknown-message"));

        List<ConsumerRecord<byte[], byte[]>> events = kafka.read(Topics.MAIL_LIFECYCLE, null,
                r -> ours(r) && domain.equals(Kafka.key(r)) && (EventTypes.LIFECYCLE_PREFIX + "dropped")
                        .equals(CloudEvents.type(r.headers())), l -> !l.isEmpty(), WAIT);
        LifecycleEvent dropped = Kafka.json(events.get(0), LifecycleEvent.class);
        assertThat(dropped.messageId()).isEqualTo(drop.messageId());
        assertThat(dropped.details()).containsEntry("principal", "api:admin-token");

        given().auth().oauth2(token()).contentType(ContentType.JSON).post("/api/queues/{d}/release", domain).then()
                .statusCode(202).body("action", equalTo("release"));
        List<ConsumerRecord<byte[], byte[]>> released = kafka.read(Topics.MAIL_RELEASED, null,
                r -> ours(r) && domain.equals(Kafka.key(r)), l -> !l.isEmpty(), WAIT);
        assertThat(MailHeaders.target(released.get(0).headers()))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.80", 25));
        // The DSN is written to mail.accepted; its release names that record instead of carrying it.
        List<ConsumerRecord<byte[], byte[]>> dsn = kafka.read(Topics.MAIL_ACCEPTED, null,
                r -> ours(r) && "example.com".equals(Kafka.key(r))
                        && "true".equals(CloudEvents.get(r.headers(), MailHeaders.IS_DSN))
                        && new String(r.value()).contains("closed account"), l -> !l.isEmpty(), WAIT);
        assertThat(dsn).isNotEmpty();
        MailHeaders.AcceptedRef ref = new MailHeaders.AcceptedRef(dsn.get(0).partition(), dsn.get(0).offset());
        List<ConsumerRecord<byte[], byte[]>> dsnReleased = kafka.read(Topics.MAIL_RELEASED, null,
                r -> ours(r) && ref.equals(MailHeaders.acceptedRef(r.headers())), l -> !l.isEmpty(), WAIT);
        assertThat(dsnReleased).singleElement().satisfies(r -> {
            assertThat(r.value()).isEmpty();
            assertThat(CloudEvents.get(r.headers(), MailHeaders.IS_DSN)).isEqualTo("true");
        });
    }

    @Test
    void theApiNeedsTheTokenAndAnswersProblems() {
        given().get("/api/queues").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:dequeue:problem:unauthorized")).body("status", equalTo(401));
        given().auth().oauth2("wrong").get("/api/queues").then().statusCode(401);
        given().auth().oauth2(token()).get("/api/queues/not_a_domain!/messages").then().statusCode(400)
                .contentType("application/problem+json");
        String requesterIpGateway = "req-" + run + ".example";
        kafka.gateway(GatewaySettings.defaults(DomainName.parse(requesterIpGateway)));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token())
                .post("/api/queues/{d}/release", requesterIpGateway).then().statusCode(422)
                .body("type", equalTo("urn:dequeue:problem:target-required")));
        given().auth().oauth2(token()).post("/api/queues/{d}/release", "nogateway-" + run + ".example").then()
                .statusCode(404).body("type", equalTo("urn:dequeue:problem:unknown-gateway"));
        given().get(health + "/ready").then().statusCode(200);
        given().get(metrics.toString()).then().statusCode(200);
        // Not on the API's port.
        given().get("/q/metrics").then().statusCode(anyOf(equalTo(401), equalTo(404)))
                .body(not(containsString("dequeue_queue")));
    }
}
