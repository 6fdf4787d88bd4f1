package io.dequeue.queue.it;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.topology.Gateways;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * "Where is message X" against a real broker: a held message, a delivered one, a bounced one, and
 * the lookup by Message-ID (one match, several, none).
 */
@QuarkusTest
@QuarkusTestResource(QueueTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageTimelineTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DELIVERY = CloudEvents.source("delivery-service", "delivery-test");

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Kafka kafka;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String domain = "where-" + run + ".example";

    private static String token() {
        return ConfigProvider.getConfig().getValue("dequeue.admin.token", String.class);
    }

    @BeforeAll
    void start() {
        kafka = new Kafka(bootstrap);
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        kafka.gateway(Gateways.etrn(domain, DeliverTo.REQUESTER_IP, 2626));
    }

    @AfterAll
    void stop() {
        kafka.close();
    }

    /**
     * A message with the given Message-ID header field, as the edge writes it: its mail.accepted
     * record, then (once acknowledged) its accepted event with the record's time.
     */
    private Envelope accept(String id, String headerId, String rcpt) {
        byte[] raw = ("From: <alice@example.com>\r\nTo: <" + rcpt + ">\r\nSubject: where\r\nMessage-ID: " + headerId
                + "\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII);
        Instant written = Instant.ofEpochMilli(System.currentTimeMillis());
        Envelope e = new Envelope(id, id, "alice@example.com", null, null, null, raw.length,
                List.of(new Envelope.Recipient(rcpt)), "198.51.100.20", "mail.example.com", null, false,
                written.minusMillis(200));
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_ACCEPTED, null, written.toEpochMilli(),
                ContractRecords.key(DomainName.parse(domain)), raw);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_ACCEPTED, CloudEvents.source("smtp-edge", "edge-test"),
                CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), e);
        kafka.send(r);
        kafka.send(ContractRecords.lifecycle(new LifecycleEvent(LifecycleEvent.Type.ACCEPTED, DomainName.parse(domain),
                id, "smtp-edge", written, Map.of("sender", "alice@example.com", "recipients", 1, "size", raw.length,
                "client", "198.51.100.20")), CloudEvents.source("smtp-edge", "edge-test")));
        return e;
    }

    private static void awaitState(String id, String state) {
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token()).get("/api/messages/{id}", id)
                .then().statusCode(200).body("state", equalTo(state)));
    }

    @Test
    void aHeldMessageIsFoundByItsQueueId() {
        String id = "H" + run;
        accept(id, "<held-" + run + "@example.com>", "bob@" + domain);
        awaitState(id, "held");
        given().auth().oauth2(token()).get("/api/messages/{id}", id).then().statusCode(200)
                .body("domain", equalTo(domain))
                .body("queueId", equalTo(id))
                .body("sender", equalTo("alice@example.com"))
                .body("messageIdHeader", equalTo("<held-" + run + "@example.com>"))
                .body("recipients[0].address", equalTo("bob@" + domain))
                .body("recipients[0].state", equalTo("pending"))
                .body("held.state", equalTo("held"))
                .body("timeline.type", hasItem("held"));
        given().get("/api/messages/{id}", id).then().statusCode(401);
    }

    @Test
    void aDeliveredMessageShowsItsReleaseAndTheReply() {
        String id = "D" + run;
        accept(id, "<delivered-" + run + "@example.com>", "carol@" + domain);
        awaitState(id, "held");
        kafka.request(new EtrnRequest(UUID.randomUUID().toString(), DomainName.parse(domain), "192.0.2.25",
                "sess-" + run, 0, domain, Instant.now()));
        List<ConsumerRecord<byte[], byte[]>> released = kafka.read(Topics.MAIL_RELEASED, null,
                r -> id.equals(MailHeaders.envelope(r.headers()).messageId()), l -> !l.isEmpty(), WAIT);
        String releaseId = MailHeaders.releaseId(released.get(0).headers());

        // what delivery-service writes: its lifecycle event, then the outcome for the queue
        kafka.send(ContractRecords.lifecycle(new LifecycleEvent(LifecycleEvent.Type.DELIVERED, DomainName.parse(domain),
                id, "delivery-service", Instant.now(), Map.of("recipient", "carol@" + domain, "reply",
                "250 2.0.0 Ok: queued as 9C1F2A", "remoteHost", "192.0.2.25", "releaseId", releaseId, "attempt", 1)),
                DELIVERY));
        kafka.send(ContractRecords.outcome(new DeliveryOutcome(releaseId, DomainName.parse(domain), id,
                List.of(new DeliveryOutcome.RecipientResult("carol@" + domain, DeliveryOutcome.Status.DELIVERED,
                        new DeliveryOutcome.SmtpReplyInfo(250, "2.0.0", "Ok: queued as 9C1F2A"))),
                "delivery-service", "192.0.2.25", Instant.now()), DELIVERY));

        awaitState(id, "delivered");
        given().auth().oauth2(token()).get("/api/messages/{id}", id).then().statusCode(200)
                .body("recipients[0].state", equalTo("delivered"))
                .body("recipients[0].reply", startsWith("250 2.0.0"))
                // the edge's accepted and the queue's held and released once each, though the timeline
                // records them itself and reads their copies back from mail.lifecycle
                .body("timeline.type", contains("accepted", "held", "released", "delivered"))
                .body("timeline[0].service", equalTo("smtp-edge"))
                .body("timeline[0].details.client", equalTo("198.51.100.20"))
                .body("timeline[0].details.recipients", equalTo(1))
                .body("timeline.find { it.type == 'released' }.details.targetHost", equalTo("192.0.2.25"))
                .body("timeline.find { it.type == 'released' }.details.targetPort", equalTo(2626))
                .body("settledAt", startsWith("20"));
    }

    @Test
    void aBouncedMessageShowsTheOperatorsBounce() {
        String id = "B" + run;
        accept(id, "<bounced-" + run + "@example.com>", "dave@" + domain);
        awaitState(id, "held");
        given().auth().oauth2(token()).contentType(ContentType.JSON).body("{\"reason\":\"closed account\"}")
                .post("/api/queues/{d}/messages/{id}/bounce", domain, id).then().statusCode(202);
        awaitState(id, "bounced");
        given().auth().oauth2(token()).get("/api/messages/{id}", id).then().statusCode(200)
                .body("recipients[0].state", equalTo("bounced"))
                .body("timeline.find { it.type == 'bounced' }.details.principal", equalTo("api:admin-token"))
                .body("timeline.find { it.type == 'bounced' }.details.reason", equalTo("closed account"));
    }

    @Test
    void theMessageIdHeaderFindsOneAnswersSeveralAsAConflictAndNoneAsNotFound() {
        String unique = "<unique-" + run + "@example.com>";
        String shared = "<shared-" + run + "@example.com>";
        accept("U" + run, unique, "erin@" + domain);
        accept("S1" + run, shared, "frank@" + domain);
        accept("S2" + run, shared, "grace@" + domain);
        awaitState("S2" + run, "held");

        given().auth().oauth2(token()).queryParam("message-id", unique).get("/api/messages").then().statusCode(200)
                .body("messageId", equalTo("U" + run));
        given().auth().oauth2(token()).queryParam("message-id", shared).get("/api/messages").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:dequeue:problem:ambiguous-message"))
                .body("matches.messageId", containsInAnyOrder("S1" + run, "S2" + run));
        given().auth().oauth2(token()).queryParam("message-id", "<nobody-" + run + "@example.com>")
                .get("/api/messages").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:dequeue:problem:no-such-message"));
        given().auth().oauth2(token()).get("/api/messages/{id}", "nothing-" + run).then().statusCode(404)
                .body("type", equalTo("urn:dequeue:problem:no-such-message"));
        given().auth().oauth2(token()).get("/api/messages").then().statusCode(400);
    }
}
