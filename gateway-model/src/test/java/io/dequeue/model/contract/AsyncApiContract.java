package io.dequeue.model.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares {@code docs/asyncapi.yaml} with the code, both ways: topics with their partitions and
 * configuration, event types, headers, payload schemas, the records the contract's helpers build
 * ({@link ContractExamples}), and the consumer groups the services configure. {@link #problems}
 * lists every difference; an empty list means the document and the code agree.
 */
final class AsyncApiContract {
    static final String KAFKA_BINDING_VERSION = "0.5.0";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String COMPONENT_SCHEMA = "#/components/schemas/";

    private final JsonNode doc;
    private final Path docs;
    private final Map<String, String> consumerGroups;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param doc the AsyncAPI document
     * @param docs the directory of the document (relative {@code $ref}s resolve against it)
     * @param consumerGroups the consumer groups the services configure: group id to where it is set
     */
    private AsyncApiContract(JsonNode doc, Path docs, Map<String, String> consumerGroups) {
        this.doc = doc;
        this.docs = docs;
        this.consumerGroups = consumerGroups;
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> problems(JsonNode doc, Path docs, Map<String, String> consumerGroups) {
        AsyncApiContract c = new AsyncApiContract(doc, docs, consumerGroups);
        c.checkTopics();
        c.checkMessages();
        c.checkExampleRecords();
        c.checkOperations();
        return List.copyOf(c.problems);
    }

    // ------------------------------------------------------------------ topics

    private void checkTopics() {
        JsonNode channels = doc.path("channels");
        Set<String> documented = new TreeSet<>();
        channels.fieldNames().forEachRemaining(documented::add);
        Set<String> code = new TreeSet<>(Topics.all().stream().map(TopicSpec::name).toList());
        for (String name : documented) {
            if (!code.contains(name)) {
                problems.add("channel " + name + " is not a topic of io.dequeue.model.topic.Topics");
            }
        }
        for (TopicSpec spec : Topics.all()) {
            JsonNode ch = channels.get(spec.name());
            if (ch == null) {
                problems.add("topic " + spec.name() + " has no channel");
                continue;
            }
            expect(ch.path("address").asText(null), spec.name(), "address of channel " + spec.name());
            JsonNode kafka = ch.path("bindings").path("kafka");
            expect(kafka.path("topic").asText(null), spec.name(), "kafka topic of channel " + spec.name());
            expect(kafka.path("bindingVersion").asText(null), KAFKA_BINDING_VERSION, "kafka bindingVersion of " + spec.name());
            expect(kafka.path("partitions").isInt() ? kafka.path("partitions").asInt() : null, spec.partitions(),
                    "partitions of " + spec.name());
            if (kafka.has("replicas")) {
                problems.add("channel " + spec.name() + " names replicas: the replication factor is the deployment's, not the contract's");
            }
            checkTopicConfiguration(spec, kafka.path("topicConfiguration"));
        }
    }

    private void checkTopicConfiguration(TopicSpec spec, JsonNode documented) {
        Set<String> keys = new TreeSet<>();
        documented.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!spec.configs().containsKey(key)) {
                problems.add("topicConfiguration of " + spec.name() + " has " + key + ", the code does not set it");
            }
        }
        for (Map.Entry<String, String> e : spec.configs().entrySet()) {
            JsonNode v = documented.get(e.getKey());
            String what = e.getKey() + " of " + spec.name();
            if (v == null) {
                problems.add("topicConfiguration of " + spec.name() + " lacks " + e.getKey() + "=" + e.getValue());
            } else if (e.getKey().equals("cleanup.policy")) {
                List<String> policies = new ArrayList<>();
                v.forEach(p -> policies.add(p.asText()));
                expect(v.isArray() ? String.join(",", policies) : null, e.getValue(), what + " (an array)");
            } else {
                expect(v.isIntegralNumber() ? v.asText() : null, e.getValue(), what + " (an integer)");
            }
        }
    }

    // ------------------------------------------------------------------ messages

    /** Every {@code ce_type} of the code: the constants of {@link EventTypes} and one per lifecycle type. */
    static Set<String> codeEventTypes() {
        Set<String> types = new TreeSet<>(stringConstants(EventTypes.class));
        types.remove(EventTypes.LIFECYCLE_PREFIX);
        for (LifecycleEvent.Type t : LifecycleEvent.Type.values()) {
            types.add(EventTypes.LIFECYCLE_PREFIX + t.wireName());
        }
        return types;
    }

    /** Every header the code writes: the CloudEvents attributes and the {@code dq_*} headers. */
    static Set<String> codeHeaders() {
        Set<String> headers = new TreeSet<>(stringConstants(MailHeaders.class));
        stringConstants(CloudEvents.class).stream().filter(v -> v.startsWith("ce_") || v.equals(CloudEvents.CONTENT_TYPE))
                .forEach(headers::add);
        return headers;
    }

    private void checkMessages() {
        JsonNode messages = doc.path("components").path("messages");
        Set<String> documentedTypes = new TreeSet<>();
        Set<String> usedByChannels = new TreeSet<>();
        doc.path("channels").fields().forEachRemaining(ch -> ch.getValue().path("messages").fields().forEachRemaining(m -> {
            String id = componentMessageId(m.getValue());
            if (id == null || !messages.has(id)) {
                problems.add("message " + m.getKey() + " of channel " + ch.getKey() + " is not a component message");
            } else if (!usedByChannels.add(id)) {
                problems.add("message " + id + " is on more than one channel");
            }
        }));
        Iterator<Map.Entry<String, JsonNode>> it = messages.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            JsonNode m = e.getValue();
            if (!usedByChannels.contains(id)) {
                problems.add("message " + id + " is on no channel");
            }
            String type = m.path("headers").path("properties").path(CloudEvents.TYPE).path("const").asText(null);
            documentedTypes.add(type);
            expect(m.path("name").asText(null), type, "name of message " + id + " (its ce_type)");
            checkHeaders(id, m);
            checkPayload(id, m);
            JsonNode kafka = m.path("bindings").path("kafka");
            expect(kafka.path("key").path("allOf").path(0).path("$ref").asText(null), COMPONENT_SCHEMA + "domainKey",
                    "kafka key of message " + id);
            expect(kafka.path("bindingVersion").asText(null), KAFKA_BINDING_VERSION, "kafka bindingVersion of message " + id);
        }
        for (String type : documentedTypes) {
            if (!codeEventTypes().contains(type)) {
                problems.add("event type " + type + " is not an event type of the code");
            }
        }
        for (String type : codeEventTypes()) {
            if (!documentedTypes.contains(type)) {
                problems.add("event type " + type + " has no message");
            }
        }
    }

    private void checkHeaders(String id, JsonNode m) {
        JsonNode headers = m.path("headers");
        headers.path("properties").fieldNames().forEachRemaining(h -> {
            if (!codeHeaders().contains(h)) {
                problems.add("message " + id + " declares header " + h + ", which the code does not write");
            }
        });
        Set<String> required = new TreeSet<>();
        headers.path("required").forEach(r -> required.add(r.asText()));
        for (String h : List.of(CloudEvents.SPEC_VERSION, CloudEvents.ID, CloudEvents.TYPE, CloudEvents.SOURCE,
                CloudEvents.TIME, CloudEvents.CONTENT_TYPE)) {
            if (!required.contains(h)) {
                problems.add("message " + id + " does not require " + h);
            }
        }
        String contentType = headers.path("properties").path(CloudEvents.CONTENT_TYPE).path("const").asText(null);
        expect(m.path("contentType").asText(null), contentType, "contentType of message " + id + " (its content-type header)");
        if (!CloudEvents.JSON.equals(contentType) && !CloudEvents.RFC822.equals(contentType)) {
            problems.add("message " + id + " has content-type " + contentType);
        }
    }

    private void checkPayload(String id, JsonNode m) {
        JsonNode payload = m.path("payload");
        String contentType = m.path("contentType").asText();
        if (payload.path("type").asText("").equals("null")) {
            return; // a tombstone
        }
        String ref = payload.path("$ref").asText("");
        if (CloudEvents.RFC822.equals(contentType)) {
            expect(ref, COMPONENT_SCHEMA + "rawMessage", "payload of raw message " + id);
        } else if (payloadSchema(ref) == null) {
            problems.add("payload of " + id + " is not a $ref to a schema file of gateway-model: " + ref);
        }
    }

    /** The contract schema a payload {@code $ref} names ({@link Schemas#ALL}), or null. */
    private String payloadSchema(String ref) {
        String prefix = "../gateway-model/src/main/resources/schemas/";
        if (!ref.startsWith(prefix) || !ref.endsWith(".schema.json")) {
            return null;
        }
        String name = ref.substring(prefix.length(), ref.length() - ".schema.json".length());
        return Schemas.ALL.contains(name) && Files.isRegularFile(docs.resolve(ref).normalize()) ? name : null;
    }

    // ------------------------------------------------------------------ records

    /** Each record the contract's helpers build is a documented message of its topic's channel, with valid headers. */
    private void checkExampleRecords() {
        for (ContractExamples.ExampleRecord r : ContractExamples.records()) {
            String type = CloudEvents.type(r.headers());
            List<String> candidates = new ArrayList<>();
            doc.path("channels").path(r.topic()).path("messages").forEach(ref -> {
                String id = componentMessageId(ref);
                JsonNode m = id == null ? null : doc.path("components").path("messages").get(id);
                if (m != null && type.equals(m.path("name").asText())
                        && (r.value() == null) == m.path("payload").path("type").asText("").equals("null")) {
                    candidates.add(id);
                }
            });
            if (candidates.size() != 1) {
                problems.add("record " + r.name() + " (" + type + " on " + r.topic() + ") matches messages " + candidates);
                continue;
            }
            String id = candidates.get(0);
            JsonNode m = doc.path("components").path("messages").get(id);
            String service = CloudEvents.get(r.headers(), CloudEvents.SOURCE).split("/")[2];
            if (!sentBy(service).contains(r.topic() + "/" + id)) {
                problems.add("record " + r.name() + " is written by " + service + ", which has no send operation for "
                        + r.topic() + "/" + id);
            }
            for (String v : AsyncApiSchemas.validateHeaders(resolvedHeaders(m.path("headers")), headerObject(r))) {
                problems.add("headers of record " + r.name() + " against message " + id + ": " + v);
            }
            String schema = payloadSchema(m.path("payload").path("$ref").asText(""));
            if (r.schema() != null) {
                expect(schema, r.schema(), "payload schema of message " + id + " (record " + r.name() + ")");
                if (schema != null && !Schemas.validate(schema, Json.mapper().valueToTree(r.object())).isEmpty()) {
                    problems.add("value of record " + r.name() + " does not match " + schema);
                }
            }
            String key = new String(r.key(), StandardCharsets.US_ASCII);
            for (String v : AsyncApiSchemas.validateKey(docs, resolveComponent("domainKey"), key)) {
                problems.add("key of record " + r.name() + ": " + v);
            }
        }
    }

    private static ObjectNode headerObject(ContractExamples.ExampleRecord r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Header h : r.headers()) {
            o.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return o;
    }

    /** The headers schema with every {@code #/components/schemas/} reference replaced by its target. */
    private JsonNode resolvedHeaders(JsonNode headers) {
        ObjectNode copy = headers.deepCopy();
        ObjectNode props = (ObjectNode) copy.path("properties");
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String ref = props.path(name).path("$ref").asText("");
            if (ref.startsWith(COMPONENT_SCHEMA)) {
                JsonNode target = resolveComponent(ref.substring(COMPONENT_SCHEMA.length()));
                if (target == null) {
                    problems.add("unresolved " + ref);
                } else {
                    props.set(name, target);
                }
            }
        }
        return copy;
    }

    private JsonNode resolveComponent(String name) {
        return doc.path("components").path("schemas").get(name);
    }

    // ------------------------------------------------------------------ operations

    private void checkOperations() {
        Set<String> sent = new LinkedHashSet<>();
        Set<String> received = new LinkedHashSet<>();
        Set<String> groups = new TreeSet<>();
        doc.path("operations").fields().forEachRemaining(e -> {
            String id = e.getKey();
            JsonNode op = e.getValue();
            String channelRef = op.path("channel").path("$ref").asText("");
            String channel = channelRef.startsWith("#/channels/") ? channelRef.substring("#/channels/".length()) : null;
            if (channel == null || !doc.path("channels").has(channel)) {
                problems.add("operation " + id + " names no channel of the document: " + channelRef);
                return;
            }
            String action = op.path("action").asText();
            JsonNode tags = op.path("tags");
            if (tags.size() != 1 || !SERVICES.contains(tags.path(0).path("name").asText())) {
                problems.add("operation " + id + " is not tagged with exactly one service of " + new TreeSet<>(SERVICES));
            }
            for (JsonNode ref : op.path("messages")) {
                String prefix = channelRef + "/messages/";
                String r = ref.path("$ref").asText("");
                String message = r.startsWith(prefix) ? r.substring(prefix.length()) : null;
                if (message == null || !doc.path("channels").path(channel).path("messages").has(message)) {
                    problems.add("operation " + id + " names a message that is not on its channel: " + r);
                } else {
                    (action.equals("send") ? sent : received).add(channel + "/" + message);
                }
            }
            JsonNode group = op.path("bindings").path("kafka").path("groupId");
            if (!group.isMissingNode()) {
                group.path("enum").forEach(g -> groups.add(g.asText()));
                if (!action.equals("receive")) {
                    problems.add("operation " + id + " sends with a groupId");
                }
            }
        });
        doc.path("channels").fields().forEachRemaining(ch -> ch.getValue().path("messages").fieldNames().forEachRemaining(m -> {
            if (!sent.contains(ch.getKey() + "/" + m)) {
                problems.add("no operation sends message " + m + " of " + ch.getKey());
            }
            if (!ch.getKey().equals(Topics.MAIL_LIFECYCLE) && !received.contains(ch.getKey() + "/" + m)) {
                problems.add("no operation receives message " + m + " of " + ch.getKey());
            }
        }));
        if (!groups.equals(consumerGroups.keySet())) {
            problems.add("consumer groups of the operations " + groups + " are not the services' " + consumerGroups);
        }
    }

    /** The service an operation belongs to: its one tag, a service name. */
    static final Set<String> SERVICES = Set.of("smtp-edge", "queue-service", "delivery-service", "config-service");

    /** {@code channel/message} of every message the operations tagged {@code service} send. */
    private Set<String> sentBy(String service) {
        Set<String> sent = new TreeSet<>();
        doc.path("operations").forEach(op -> {
            if (op.path("action").asText().equals("send") && op.path("tags").path(0).path("name").asText().equals(service)) {
                String channel = op.path("channel").path("$ref").asText("").replace("#/channels/", "");
                op.path("messages").forEach(ref -> sent.add(channel + "/"
                        + ref.path("$ref").asText("").replace("#/channels/" + channel + "/messages/", "")));
            }
        });
        return sent;
    }

    // ------------------------------------------------------------------ helpers

    private static String componentMessageId(JsonNode ref) {
        String r = ref.path("$ref").asText("");
        return r.startsWith("#/components/messages/") ? r.substring("#/components/messages/".length()) : null;
    }

    private void expect(Object actual, Object expected, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            problems.add(what + ": document has " + actual + ", code has " + expected);
        }
    }

    static List<String> stringConstants(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
                try {
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
