package io.dequeue.queue.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.DeliverTo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static io.dequeue.queue.topology.QueueDriver.permanentFailure;
import static io.dequeue.queue.topology.QueueDriver.transientFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record the topology writes in a busy scenario carries the six CloudEvents headers with a
 * known type, and every JSON value and header value holds against the contract's JSON Schemas
 * (from gateway-model's class path).
 */
class ContractConformanceTest {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final List<String> CE = List.of(CloudEvents.SPEC_VERSION, CloudEvents.ID, CloudEvents.TYPE,
            CloudEvents.SOURCE, CloudEvents.TIME, CloudEvents.CONTENT_TYPE);

    private static void valid(String schema, byte[] json) {
        try {
            valid(schema, Json.mapper().readTree(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void valid(String schema, JsonNode node) {
        JsonSchema s = SCHEMAS.computeIfAbsent(schema, n -> {
            JsonSchema js = FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json"), CONFIG);
            js.initializeValidators();
            return js;
        });
        Set<ValidationMessage> errors = s.validate(node);
        assertThat(errors).as(schema + ": " + node).isEmpty();
    }

    private static void cloudEvents(TestRecord<String, byte[]> r, String contentType) {
        List<String> names = new ArrayList<>();
        for (Header h : r.headers()) {
            names.add(h.key());
        }
        assertThat(names.subList(0, CE.size())).as("CloudEvents headers first, in order").isEqualTo(CE);
        assertThat(CloudEvents.get(r.headers(), CloudEvents.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo(contentType);
        assertThat(CloudEvents.get(r.headers(), CloudEvents.SOURCE)).isEqualTo("/dequeue/queue-service/queue-test");
        assertThat(CloudEvents.type(r.headers())).startsWith("io.dequeue.");
    }

    private static void mail(TestRecord<String, byte[]> r) {
        cloudEvents(r, CloudEvents.RFC822);
        valid("envelope", CloudEvents.get(r.headers(), MailHeaders.ENVELOPE).getBytes());
        String target = CloudEvents.get(r.headers(), MailHeaders.TARGET);
        if (target != null) {
            valid("release-target", target.getBytes());
        }
    }

    @Test
    void everyRecordWrittenHoldsAgainstTheContract() {
        try (QueueDriver q = new QueueDriver()) {
            String d = "example.net";
            q.gateway(Gateways.both(d, Duration.ofHours(3), Duration.ofHours(1)));
            q.gateway(Gateways.etrnLocal("branch.example", "example.net", false));
            Envelope a = q.accept(d, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                    List.of(Envelope.Notify.DELAY, Envelope.Notify.FAILURE), "rfc822;bob@example.net")),
                    Envelope.Ret.HDRS, "ENV-1", "x");
            Envelope b = q.accept(d, "carol@example.org", "x", "y");
            Envelope c = q.accept(d, "", "z");
            q.accept("branch.example", "dave@example.org", "w");
            q.etrn("branch.example", "192.0.2.25", 1);
            q.etrn(d, "192.0.2.25", 2);
            List<TestRecord<String, byte[]>> released = q.drainReleased();
            String rid = MailHeaders.releaseId(released.get(0).headers());
            q.outcome(d, a.messageId(), rid, permanentFailure("bob@example.net"));
            q.outcome(d, b.messageId(), rid, delivered("x@example.net"), transientFailure("y@example.net"));
            q.outcome(d, c.messageId(), "stale-release", delivered("z@example.net"));
            q.advance(Duration.ofMinutes(11));
            q.atrn(d, "sess-1", 4);
            q.atrn(d, "sess-2", 4);
            q.atrnEnd(d, "sess-1", null);
            q.admin(d, AdminRequest.Action.BOUNCE, c.messageId(), null, "test");
            q.etrn("nogateway.example", "192.0.2.25", 0);
            q.advance(Duration.ofHours(4));

            int checked = 0;
            for (TestRecord<String, byte[]> r : q.lifecycle.readRecordsToList()) {
                cloudEvents(r, CloudEvents.JSON);
                valid("lifecycle-event", r.value());
                checked++;
            }
            for (TestRecord<String, byte[]> r : q.usage.readRecordsToList()) {
                cloudEvents(r, CloudEvents.JSON);
                assertThat(CloudEvents.type(r.headers())).isEqualTo(EventTypes.QUEUE_USAGE);
                valid("queue-usage", r.value());
                checked++;
            }
            boolean granted = false;
            for (TestRecord<String, byte[]> r : q.replies.readRecordsToList()) {
                if (EventTypes.REPLY_ATRN_MESSAGE.equals(CloudEvents.type(r.headers()))) {
                    mail(r);
                } else {
                    cloudEvents(r, CloudEvents.JSON);
                    valid("edge-reply", r.value());
                    EdgeReply reply = Json.read(r.value(), EdgeReply.class);
                    assertThat(CloudEvents.type(r.headers())).isEqualTo(reply.eventType());
                    granted |= reply instanceof AtrnAnswer at && at.outcome() == AtrnAnswer.Outcome.GRANTED;
                }
                checked++;
            }
            for (TestRecord<String, byte[]> r : released) {
                mail(r);
                checked++;
            }
            for (TestRecord<String, byte[]> r : q.released.readRecordsToList()) {
                mail(r);
                checked++;
            }
            for (TestRecord<String, byte[]> r : q.acceptedOut.readRecordsToList()) {
                mail(r);
                checked++;
            }
            assertThat(granted).isTrue();
            assertThat(checked).isGreaterThan(30);
            valid("dequeue-request", Json.mapper().valueToTree(new AdminRequest("r-1",
                    io.dequeue.model.DomainName.parse(d), AdminRequest.Action.RELEASE, null,
                    DeliverTo.host("[192.0.2.1]"), null, "api:admin-token", q.now())));
        }
    }
}
