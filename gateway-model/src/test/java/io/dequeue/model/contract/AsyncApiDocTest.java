package io.dequeue.model.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} is a valid AsyncAPI 3.0.0 document and describes exactly the contract
 * of the code (see {@link AsyncApiContract}); the checks find a document that does not.
 */
class AsyncApiDocTest {
    private static Path root;
    private static JsonNode doc;
    private static Map<String, String> groups;

    @BeforeAll
    static void readTheDocument() throws IOException {
        root = projectRoot();
        doc = AsyncApiContract.read(root.resolve("docs/asyncapi.yaml"));
        groups = consumerGroups(root);
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/asyncapi.yaml")) && Files.isDirectory(p.resolve("gateway-model"))) {
                return p;
            }
        }
        throw new IllegalStateException("docs/asyncapi.yaml not found above " + dir);
    }

    /** The consumer groups the services configure: queue-service's Kafka Streams application id, delivery-service's group. */
    static Map<String, String> consumerGroups(Path root) throws IOException {
        Map<String, String> groups = new TreeMap<>();
        groups.put(property(root, "queue-service", "quarkus.kafka-streams.application-id"), "queue-service");
        groups.put(property(root, "delivery-service", "dequeue.delivery.consumer.group-id"), "delivery-service");
        return groups;
    }

    private static String property(Path root, String module, String key) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(root.resolve(module + "/src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String value = p.getProperty(key);
        assertThat(value).as("%s of %s", key, module).isNotBlank().doesNotContain("${");
        return value;
    }

    private static List<String> problems(JsonNode document) {
        return AsyncApiContract.problems(document, root.resolve("docs"), groups);
    }

    // ------------------------------------------------------------------ the document

    @Test
    void theDocumentIsAValidAsyncApi3Document() {
        assertThat(AsyncApiSchemas.validateDocument(doc)).isEmpty();
    }

    @Test
    void theDocumentDescribesExactlyTheCode() {
        assertThat(problems(doc)).isEmpty();
    }

    @Test
    void everyEventTypeAndTopicOfTheCodeIsCounted() {
        // guards the checks themselves: they compare against a non-trivial view of the code
        assertThat(AsyncApiContract.codeEventTypes()).hasSize(24).contains("io.dequeue.lifecycle.gateway-changed");
        assertThat(AsyncApiContract.codeHeaders()).contains("ce_type", "content-type", "dq_envelope", "dq_handoff");
        assertThat(groups).containsOnlyKeys("dequeue-queue", "delivery-service");
    }

    // ------------------------------------------------------------------ the checks find a wrong document

    @Test
    void theAsyncApiSchemaRejectsABrokenDocument() {
        ObjectNode noInfo = doc.deepCopy();
        noInfo.remove("info");
        assertThat(AsyncApiSchemas.validateDocument(noInfo)).isNotEmpty();

        ObjectNode publish = doc.deepCopy();
        ((ObjectNode) publish.path("operations").path("smtpEdgeWritesAccepted")).put("action", "publish");
        assertThat(AsyncApiSchemas.validateDocument(publish)).isNotEmpty();

        ObjectNode badBinding = doc.deepCopy();
        ((ObjectNode) badBinding.at("/channels/edge.replies/bindings/kafka")).put("partitions", 0);
        assertThat(AsyncApiSchemas.validateDocument(badBinding)).isNotEmpty();
    }

    static Stream<Arguments> wrongDocuments() {
        return Stream.of(
                wrong("partitions differ", d -> obj(d, "/channels/edge.replies/bindings/kafka").put("partitions", 7),
                        "partitions of edge.replies: document has 7, code has 8"),
                wrong("a topic the code does not have", d -> obj(d, "/channels").set("mail.bogus", d.at("/channels/mail.released").deepCopy()),
                        "channel mail.bogus is not a topic"),
                wrong("a topic missing", d -> obj(d, "/channels").remove("queue.usage"),
                        "topic queue.usage has no channel"),
                wrong("cleanup policy differs", d -> ((ArrayNode) d.at("/channels/gateway.config/bindings/kafka/topicConfiguration/cleanup.policy")).set(0, "delete"),
                        "cleanup.policy of gateway.config"),
                wrong("retention differs", d -> obj(d, "/channels/mail.lifecycle/bindings/kafka/topicConfiguration").put("retention.ms", 604800000L),
                        "retention.ms of mail.lifecycle"),
                wrong("max message bytes missing", d -> obj(d, "/channels/mail.released/bindings/kafka/topicConfiguration").remove("max.message.bytes"),
                        "topicConfiguration of mail.released lacks max.message.bytes=67108864"),
                wrong("a config the code does not set", d -> obj(d, "/channels/dequeue.requests/bindings/kafka").putObject("topicConfiguration").put("retention.ms", 1),
                        "topicConfiguration of dequeue.requests has retention.ms"),
                wrong("replicas named", d -> obj(d, "/channels/mail.accepted/bindings/kafka").put("replicas", 3),
                        "mail.accepted names replicas"),
                wrong("an event type the code does not have", d -> {
                    obj(d, "/components/messages/lifecycleExpired/headers/properties/ce_type").put("const", "io.dequeue.lifecycle.vanished");
                    obj(d, "/components/messages/lifecycleExpired").put("name", "io.dequeue.lifecycle.vanished");
                }, "event type io.dequeue.lifecycle.vanished is not an event type of the code"),
                wrong("an event type missing", d -> {
                    obj(d, "/components/messages").remove("replyAtrn");
                    obj(d, "/channels/edge.replies/messages").remove("replyAtrn");
                }, "event type io.dequeue.reply.atrn has no message"),
                wrong("a header the code does not write", d -> obj(d, "/components/messages/mailReleased/headers/properties").putObject("dq_priority"),
                        "mailReleased declares header dq_priority"),
                wrong("a header required that the records do not carry", d -> ((ArrayNode) d.at("/components/messages/mailReleased/headers/required")).add("dq_session_id"),
                        "headers of record mail-released against message mailReleased"),
                wrong("a header value the records do not have", d -> obj(d, "/components/messages/replyEtrn/headers/properties/content-type").put("const", "text/plain"),
                        "headers of record etrn-answer against message replyEtrn"),
                wrong("the wrong payload schema", d -> obj(d, "/components/messages/deliveryOutcome/payload")
                                .put("$ref", "../gateway-model/src/main/resources/schemas/queue-usage.schema.json"),
                        "payload schema of message deliveryOutcome"),
                wrong("a payload that is not a contract schema", d -> obj(d, "/components/messages/queueUsage/payload").put("$ref", "usage.json"),
                        "payload of queueUsage is not a $ref to a schema file"),
                wrong("a message on the wrong channel", d -> {
                    obj(d, "/channels/mail.released/messages").set("replyAtrnMessage", d.at("/channels/edge.replies/messages/replyAtrnMessage").deepCopy());
                }, "message replyAtrnMessage is on more than one channel"),
                wrong("a message nobody sends", d -> ((ArrayNode) d.at("/operations/queueServiceWritesUsage/messages")).removeAll(),
                        "no operation sends message queueUsage of queue.usage"),
                wrong("a message nobody receives", d -> ((ArrayNode) d.at("/operations/deliveryServiceReadsReleased/messages")).removeAll(),
                        "no operation receives message mailReleased of mail.released"),
                wrong("a key that is not the contract's", d -> obj(d, "/components/messages/queueUsage/bindings/kafka").putObject("key").put("type", "string"),
                        "kafka key of message queueUsage"),
                wrong("a consumer group the services do not use", d -> ((ArrayNode) d.at("/operations/deliveryServiceReadsReleased/bindings/kafka/groupId/enum")).set(0, "delivery"),
                        "consumer groups of the operations [delivery, dequeue-queue]"),
                wrong("a record's producer without its send operation", d -> obj(d, "/operations/queueServiceWritesAdminRequests/tags/0").put("name", "smtp-edge"),
                        "record admin-request is written by queue-service, which has no send operation for dequeue.requests/requestAdmin"),
                wrong("an operation of no service", d -> obj(d, "/operations/smtpEdgeReadsUsage").remove("tags"),
                        "operation smtpEdgeReadsUsage is not tagged with exactly one service"),
                wrong("a key that is not the domain", d -> obj(d, "/components/schemas/domainKey").put("$ref", "../gateway-model/src/main/resources/schemas/queue-usage.schema.json#/$defs/instant"),
                        "key of record gateway-config"));
    }

    private static Arguments wrong(String what, Consumer<ObjectNode> change, String expected) {
        return Arguments.of(what, change, expected);
    }

    private static ObjectNode obj(JsonNode d, String pointer) {
        JsonNode n = d.at(pointer);
        assertThat(n.isObject()).as("%s is an object", pointer).isTrue();
        return (ObjectNode) n;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongDocuments")
    void aWrongDocumentFails(String what, Consumer<ObjectNode> change, String expected) {
        ObjectNode wrong = doc.deepCopy();
        change.accept(wrong);
        assertThat(problems(wrong)).as(what).anySatisfy(p -> assertThat(p).contains(expected));
    }
}
