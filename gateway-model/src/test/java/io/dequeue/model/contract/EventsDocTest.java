package io.dequeue.model.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/events.md} shows exactly the records of {@link ContractExamples} and names every topic,
 * header and event type of the contract.
 */
class EventsDocTest {

    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: ([a-z0-9-]+) -->\\n```text\\n(.*?)```\\n```(json|text)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JSON_EXAMPLE = Pattern.compile(
            "<!-- example-json: ([a-z0-9-]+) -->\\n```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ANY_MARKER = Pattern.compile("<!-- example(?:-json)?: ([a-z0-9-]+) -->");
    private static final Pattern SCHEMA_LINK = Pattern.compile(
            "\\]\\((\\.\\./gateway-model/src/main/resources/schemas/[^)]*)\\)");

    private static Path root;
    private static String doc;
    private static final Map<String, String[]> EXAMPLES = new LinkedHashMap<>();
    private static final Map<String, String> JSON_EXAMPLES = new LinkedHashMap<>();

    @BeforeAll
    static void readTheDocument() throws IOException {
        root = projectRoot();
        doc = Files.readString(root.resolve("docs/events.md"), StandardCharsets.UTF_8).replace("\r\n", "\n");
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            assertThat(EXAMPLES.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)}))
                    .as("example %s appears once", m.group(1)).isNull();
        }
        Matcher j = JSON_EXAMPLE.matcher(doc);
        while (j.find()) {
            assertThat(JSON_EXAMPLES.put(j.group(1), j.group(2))).as("example %s appears once", j.group(1)).isNull();
        }
    }

    /** The directory holding {@code docs/events.md}: the project root, found from the module directory. */
    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/events.md")) && Files.isDirectory(p.resolve("gateway-model"))) {
                return p;
            }
        }
        throw new IllegalStateException("docs/events.md not found above " + dir);
    }

    // ------------------------------------------------------------------ examples

    @Test
    void everyExampleIsProducedAndEveryProducedRecordIsShown() {
        Set<String> produced = ContractExamples.records().stream().map(ContractExamples.ExampleRecord::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(EXAMPLES.keySet())).isEqualTo(produced);
        assertThat(new TreeSet<>(JSON_EXAMPLES.keySet())).isEqualTo(new TreeSet<>(ContractExamples.headerJsonExamples().keySet()));

        List<String> markers = new ArrayList<>();
        Matcher m = ANY_MARKER.matcher(doc);
        while (m.find()) {
            markers.add(m.group(1));
        }
        assertThat(markers).as("every marker is followed by well-formed code blocks")
                .hasSize(EXAMPLES.size() + JSON_EXAMPLES.size());
    }

    static Stream<ContractExamples.ExampleRecord> records() {
        return ContractExamples.records().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void documentedRecordIsTheProducedRecord(ContractExamples.ExampleRecord r) throws IOException {
        String[] shown = EXAMPLES.get(r.name());
        assertThat(shown).as("docs/events.md has <!-- example: %s -->", r.name()).isNotNull();

        assertThat(shown[0]).as("topic, partition, key and headers of %s", r.name()).isEqualTo(meta(r));

        String contentType = CloudEvents.get(r.headers(), CloudEvents.CONTENT_TYPE);
        if (CloudEvents.JSON.equals(contentType)) {
            assertThat(shown[1]).isEqualTo("json");
            JsonNode documented = Json.mapper().readTree(shown[2]);
            assertThat(documented).as("value of %s", r.name()).isEqualTo(Json.mapper().readTree(r.value()));
            assertThat(Schemas.validate(r.schema(), documented)).isEmpty();
        } else {
            assertThat(contentType).isEqualTo(CloudEvents.RFC822);
            assertThat(shown[1]).isEqualTo("text");
            byte[] documented = shown[2].replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(new String(documented, StandardCharsets.UTF_8)).as("message of %s", r.name())
                    .isEqualTo(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(documented).isEqualTo(r.value());

            Envelope envelope = MailHeaders.envelope(r.headers());
            if (MailHeaders.acceptedRef(r.headers()) != null) {
                // a release that names its body: no value, the size is the accepted record's
                assertThat(r.value()).as("value of %s", r.name()).isEmpty();
                assertThat(envelope.size()).as("dq_envelope size is the stored size")
                        .isEqualTo(ContractExamples.MESSAGE.length);
            } else {
                assertThat(envelope.size()).as("dq_envelope size is the stored size").isEqualTo(r.value().length);
            }
            assertThat(Schemas.validate("envelope", Json.mapper().readTree(CloudEvents.get(r.headers(), MailHeaders.ENVELOPE))))
                    .isEmpty();
            String target = CloudEvents.get(r.headers(), MailHeaders.TARGET);
            if (target != null) {
                assertThat(Schemas.validate("release-target", Json.mapper().readTree(target))).isEmpty();
            }
        }
    }

    /** The first code block of an example, as the document must show it. */
    static String meta(ContractExamples.ExampleRecord r) {
        StringBuilder b = new StringBuilder();
        b.append("topic:     ").append(r.topic()).append('\n');
        if (r.partition() != null) {
            b.append("partition: ").append(r.partition()).append('\n');
        }
        b.append("key:       ").append(new String(r.key(), StandardCharsets.US_ASCII)).append('\n');
        b.append("headers:\n");
        for (Header h : r.headers()) {
            b.append("  ").append(h.key()).append(": ").append(new String(h.value(), StandardCharsets.UTF_8)).append('\n');
        }
        return b.toString();
    }

    @Test
    void headerValuesShownOnTheirOwnAreTheProducedOnes() throws IOException {
        for (Map.Entry<String, Object> e : ContractExamples.headerJsonExamples().entrySet()) {
            JsonNode documented = Json.mapper().readTree(JSON_EXAMPLES.get(e.getKey()));
            assertThat(documented).as(e.getKey()).isEqualTo(Json.mapper().readTree(Json.write(e.getValue())));
            assertThat(Schemas.validate(ContractExamples.schemaOf(e.getValue()), documented)).isEmpty();
        }
        // and they are the values the mail records carry
        ContractExamples.ExampleRecord accepted = ContractExamples.records().stream()
                .filter(r -> r.topic().equals(Topics.MAIL_ACCEPTED)).findFirst().orElseThrow();
        ContractExamples.ExampleRecord released = ContractExamples.records().stream()
                .filter(r -> r.topic().equals(Topics.MAIL_RELEASED)).findFirst().orElseThrow();
        assertThat(Json.mapper().readTree(CloudEvents.get(accepted.headers(), MailHeaders.ENVELOPE)))
                .isEqualTo(Json.mapper().readTree(JSON_EXAMPLES.get("envelope")));
        assertThat(Json.mapper().readTree(CloudEvents.get(released.headers(), MailHeaders.TARGET)))
                .isEqualTo(Json.mapper().readTree(JSON_EXAMPLES.get("release-target")));
    }

    // ------------------------------------------------------------------ tables

    /** The text of a {@code ## } section, up to the next one. */
    private static String section(String heading) {
        int start = doc.indexOf("\n## " + heading + "\n");
        assertThat(start).as("section '## %s'", heading).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    /** Table rows whose first cell is code, by that code; each row's cells, trimmed. */
    private static Map<String, List<String>> rows(String text) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("| `")) {
                List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|"))
                        .map(String::strip).toList();
                String first = cells.get(0);
                assertThat(rows.put(first.substring(1, first.indexOf('`', 1)), cells)).as("row %s once", first).isNull();
            }
        }
        return rows;
    }

    private static Set<String> codeSpans(String cell) {
        Set<String> s = new TreeSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }

    @Test
    void topicTableMatchesTopics() {
        Map<String, List<String>> rows = rows(section("Topics"));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(TopicSpec::name).toList());
        for (TopicSpec t : Topics.all()) {
            List<String> cells = rows.get(t.name());
            assertThat(cells).as(t.name()).hasSize(6);
            assertThat(cells.get(1)).as("partitions of %s", t.name()).isEqualTo(Integer.toString(t.partitions()));
            assertThat(cells.get(2)).as("key of %s", t.name()).startsWith("domain");
            Set<String> configs = t.configs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (configs.isEmpty()) {
                assertThat(cells.get(4)).as("config of %s", t.name()).isEqualTo("none");
            } else {
                assertThat(codeSpans(cells.get(4))).as("config of %s", t.name()).isEqualTo(configs);
            }
        }
        assertThat(section("Topics")).contains("`Topics.DOMAIN_PARTITIONS` = " + Topics.DOMAIN_PARTITIONS,
                "`Topics.EDGE_REPLY_PARTITIONS` = " + Topics.EDGE_REPLY_PARTITIONS,
                "max.message.bytes=" + Topics.MAX_RECORD_BYTES);
    }

    @Test
    void topicOfEveryExampleHasTheDocumentedValueKind() {
        Map<String, List<String>> rows = rows(section("Topics"));
        for (ContractExamples.ExampleRecord r : ContractExamples.records()) {
            String value = rows.get(r.topic()).get(3);
            if (r.schema() != null) {
                assertThat(value).as("value of %s", r.topic()).contains(r.schema() + ".schema.json");
            } else {
                assertThat(value).as("value of %s", r.topic()).contains("raw message");
            }
        }
    }

    private static List<String> stringConstants(Class<?> type) {
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

    private static Map<String, String> constantNames(Class<?> type) {
        Map<String, String> byValue = new HashMap<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    byValue.put((String) f.get(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return byValue;
    }

    @Test
    void headerTablesNameEveryHeader() {
        String headers = section("Headers");
        int split = headers.indexOf("### Mail headers");
        Map<String, List<String>> ce = rows(headers.substring(0, split));
        Map<String, List<String>> dq = rows(headers.substring(split));

        Map<String, String> ceConstants = constantNames(CloudEvents.class);
        List<String> ceHeaders = stringConstants(CloudEvents.class).stream()
                .filter(v -> v.startsWith("ce_") || v.equals("content-type")).toList();
        assertThat(ce.keySet()).containsExactlyInAnyOrderElementsOf(ceHeaders);
        for (String h : ceHeaders) {
            assertThat(ce.get(h).get(1)).isEqualTo("`CloudEvents." + ceConstants.get(h) + "`");
        }
        assertThat(ce.get(CloudEvents.CONTENT_TYPE).get(2)).contains(CloudEvents.JSON, CloudEvents.RFC822);

        Map<String, String> dqConstants = constantNames(MailHeaders.class);
        assertThat(dq.keySet()).containsExactlyInAnyOrderElementsOf(stringConstants(MailHeaders.class));
        for (String h : stringConstants(MailHeaders.class)) {
            assertThat(dq.get(h).get(1)).isEqualTo("`MailHeaders." + dqConstants.get(h) + "`");
        }
    }

    @Test
    void eventTypeTableNamesEveryType() {
        Map<String, List<String>> rows = rows(section("Event types (`ce_type`)"));
        Map<String, String> constants = constantNames(EventTypes.class);

        List<String> expected = new ArrayList<>(stringConstants(EventTypes.class));
        expected.remove(EventTypes.LIFECYCLE_PREFIX);
        for (LifecycleEvent.Type t : LifecycleEvent.Type.values()) {
            expected.add(EventTypes.LIFECYCLE_PREFIX + t.wireName());
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected);

        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            String type = row.getKey();
            String constant = row.getValue().get(1);
            if (type.startsWith(EventTypes.LIFECYCLE_PREFIX)) {
                assertThat(constant).isEqualTo("`LIFECYCLE_PREFIX` + `" + type.substring(EventTypes.LIFECYCLE_PREFIX.length()) + "`");
                assertThat(row.getValue().get(2)).isEqualTo("`" + Topics.MAIL_LIFECYCLE + "`");
            } else {
                assertThat(constant).isEqualTo("`" + constants.get(type) + "`");
            }
        }
        // the examples agree with the table: topic and content type of each ce_type
        for (ContractExamples.ExampleRecord r : ContractExamples.records()) {
            List<String> row = rows.get(CloudEvents.type(r.headers()));
            assertThat(row).as("row of %s", CloudEvents.type(r.headers())).isNotNull();
            assertThat(row.get(2)).isEqualTo("`" + r.topic() + "`");
            assertThat(row.get(3)).isEqualTo("`" + CloudEvents.get(r.headers(), CloudEvents.CONTENT_TYPE) + "`");
        }
    }

    // ------------------------------------------------------------------ schema links

    @Test
    void everySchemaIsLinkedAndEveryLinkResolves() throws IOException {
        Path docs = root.resolve("docs");
        Set<String> linked = new TreeSet<>();
        Matcher m = SCHEMA_LINK.matcher(doc);
        while (m.find()) {
            Path target = docs.resolve(m.group(1)).normalize();
            assertThat(target).as("link %s", m.group(1)).exists();
            if (target.getFileName().toString().endsWith(".schema.json")) {
                linked.add(target.getFileName().toString());
            }
        }
        Set<String> expected = Schemas.ALL.stream().map(n -> n + ".schema.json").collect(Collectors.toCollection(TreeSet::new));
        assertThat(linked).isEqualTo(expected);

        try (Stream<Path> files = Files.list(root.resolve("gateway-model/src/main/resources/schemas"))) {
            Set<String> onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(onDisk).as("schema files on disk").isEqualTo(expected);
        }
        for (ContractExamples.ExampleRecord r : ContractExamples.records()) {
            if (r.schema() != null) {
                int at = doc.indexOf("<!-- example: " + r.name() + " -->");
                if (at < 0) {
                    continue; // reported by everyExampleIsProducedAndEveryProducedRecordIsShown
                }
                int section = doc.lastIndexOf("\n### ", at);
                assertThat(doc.substring(section, at)).as("the section of %s links its schema", r.name())
                        .contains("](../gateway-model/src/main/resources/schemas/" + r.schema() + ".schema.json)");
            }
        }
    }
}
