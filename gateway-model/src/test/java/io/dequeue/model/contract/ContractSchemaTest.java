package io.dequeue.model.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.dequeue.model.Cidr;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.IpLiteral;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.model.settings.EtrnSettings;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.dequeue.model.contract.ContractExamples.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON value type of the contract: produced with {@link Json}, valid against its schema, read
 * back equal; and the schemas reject what the contract does not allow.
 */
class ContractSchemaTest {

    /** One instance to check: its schema, and the type a consumer reads it as. */
    record Case(String name, String schema, Object value, Class<?> readAs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Instant T = Instant.parse("2026-05-04T12:00:00Z");

    static List<Case> instances() {
        List<Case> cases = new ArrayList<>();
        for (ContractExamples.ExampleRecord r : ContractExamples.records()) {
            if (r.object() != null) {
                cases.add(new Case("doc example " + r.name(), r.schema(), r.object(), readAs(r.object())));
            }
        }
        cases.add(new Case("doc example envelope", "envelope", ContractExamples.ENVELOPE, Envelope.class));
        cases.add(new Case("doc example release-target", "release-target", ContractExamples.TARGET, ReleaseTarget.class));

        // gateway.config: defaults only, no password; requester-ip target and other networks
        cases.add(new Case("gateway record with defaults and no secret", "gateway-record",
                new GatewayRecord(GatewaySettings.defaults(DomainName.parse("xn--bcher-kva.example")), null, 0, null, T),
                GatewayRecord.class));
        cases.add(new Case("gateway record without CRAM-MD5", "gateway-record", new GatewayRecord(
                new GatewaySettings(DOMAIN, new EtrnSettings(true, false, DeliverTo.REQUESTER_IP, true, 587), null,
                        new AccessSettings(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")),
                                List.of(Cidr.parse("2001:db8:dead::/48"), Cidr.parse("203.0.113.7")), false),
                        null, 1L, Duration.ofHours(36), null, null, null, null, false),
                StoredSecret.fromPassword("pw".toCharArray(), false, 1_000), 17, "api", T), GatewayRecord.class));
        for (String host : List.of("example.net", "[mx.example.net]", "192.0.2.7", "[192.0.2.7]", "2001:db8::7",
                "[IPv6:2001:db8::7]")) {
            cases.add(new Case("gateway record delivering to " + host, "gateway-record", new GatewayRecord(
                    new GatewaySettings(DOMAIN, new EtrnSettings(true, null, DeliverTo.host(host), null, null),
                            null, null, null, null, null, null, null, null, null, null), null, 1, null, T),
                    GatewayRecord.class));
        }

        // dequeue.requests: every subtype; every admin action
        cases.add(new Case("etrn request without AUTH", "dequeue-request", new EtrnRequest("r-1", DOMAIN,
                "2001:db8::25", "s-1", 7, null, T), DequeueRequest.class));
        cases.add(new Case("admin drop", "dequeue-request", new AdminRequest("r-2", DOMAIN, AdminRequest.Action.DROP,
                "m-1", null, null, "ops", T), DequeueRequest.class));
        cases.add(new Case("admin bounce", "dequeue-request", new AdminRequest("r-3", DOMAIN,
                AdminRequest.Action.BOUNCE, "m-1", null, "customer asked us to return it", "ops", T), DequeueRequest.class));
        cases.add(new Case("admin release to the configured target", "dequeue-request", new AdminRequest("r-4", DOMAIN,
                AdminRequest.Action.RELEASE, null, null, null, "ops", T), DequeueRequest.class));
        cases.add(new Case("atrn-end before a grant", "dequeue-request",
                new io.dequeue.model.event.AtrnSessionEnd("r-5", DOMAIN, "s-2", null, T), DequeueRequest.class));

        // edge.replies: every outcome
        cases.add(new Case("etrn answer none", "edge-reply",
                new EtrnAnswer("r-1", DOMAIN, EtrnAnswer.Outcome.NONE, 0, 0, T), EdgeReply.class));
        cases.add(new Case("etrn answer none with mail in flight", "edge-reply",
                new EtrnAnswer("r-1", DOMAIN, EtrnAnswer.Outcome.NONE, 0, 4, T), EdgeReply.class));
        cases.add(new Case("etrn answer refused", "edge-reply",
                new EtrnAnswer("r-1", DOMAIN, EtrnAnswer.Outcome.REFUSED, 0, 0, T), EdgeReply.class));
        for (AtrnAnswer.Outcome o : List.of(AtrnAnswer.Outcome.BUSY, AtrnAnswer.Outcome.NO_MAIL,
                AtrnAnswer.Outcome.REFUSED)) {
            cases.add(new Case("atrn answer " + o, "edge-reply",
                    new AtrnAnswer("r-1", DOMAIN, "s-1", o, null, null, 0, T), EdgeReply.class));
        }

        // delivery.outcomes: every status, an ATRN outcome, a reply without enhanced code or text
        cases.add(new Case("delivery outcome of an ATRN session", "delivery-outcome", new DeliveryOutcome("rel-1",
                DOMAIN, "m-1", List.of(
                new DeliveryOutcome.RecipientResult("a@example.net", DeliveryOutcome.Status.PERMANENT,
                        new DeliveryOutcome.SmtpReplyInfo(550, "5.1.1", "No such user")),
                new DeliveryOutcome.RecipientResult("b@example.net", DeliveryOutcome.Status.TRANSIENT,
                        new DeliveryOutcome.SmtpReplyInfo(421, null, null)),
                new DeliveryOutcome.RecipientResult("c@example.net", DeliveryOutcome.Status.DELIVERED, null)),
                "smtp-edge:" + ContractExamples.ATRN.sessionId(), null, T), DeliveryOutcome.class));

        // queue.usage: nothing held
        cases.add(new Case("queue usage of an empty domain", "queue-usage",
                new QueueUsage(DOMAIN, 0, 0, null, 0, T), QueueUsage.class));

        // mail.lifecycle: every type
        for (LifecycleEvent.Type type : LifecycleEvent.Type.values()) {
            cases.add(new Case("lifecycle " + type.wireName(), "lifecycle-event", new LifecycleEvent(type, DOMAIN,
                    "m-1", "queue-service", T, Map.of("count", 2, "ratio", 0.5, "dsn", false, "reason", "x")),
                    LifecycleEvent.class));
        }
        cases.add(new Case("lifecycle without details or message", "lifecycle-event",
                new LifecycleEvent(LifecycleEvent.Type.ETRN, DOMAIN, null, "smtp-edge", T, null), LifecycleEvent.class));

        // headers: a minimal envelope with the null sender; every release target kind
        cases.add(new Case("envelope of a DSN (null sender)", "envelope", new Envelope("m-2", null, "", null, null,
                null, 0, List.of(new Envelope.Recipient("x@example.net", List.of(Envelope.Notify.NEVER), null)),
                null, null, "example.net", false, T), Envelope.class));
        cases.add(new Case("envelope with a quoted local part and an address literal", "envelope", new Envelope(
                "m-3", "Q3", "\"john doe\"@example.com", Envelope.Ret.FULL, "a+b=c", Envelope.Body.SEVEN_BIT, 99,
                List.of(new Envelope.Recipient("\"info desk\"@example.net",
                                List.of(Envelope.Notify.SUCCESS, Envelope.Notify.FAILURE, Envelope.Notify.DELAY),
                                "utf-8;info desk@example.net"),
                        new Envelope.Recipient("postmaster@[192.0.2.1]")),
                "::1", "[192.0.2.99]", null, true, Instant.parse("2026-05-04T12:00:00.123456Z")), Envelope.class));
        cases.add(new Case("release target requester-ip (IPv6)", "release-target",
                new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "2001:db8::25", 25), ReleaseTarget.class));
        cases.add(new Case("release target ip", "release-target",
                new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.7", 2525), ReleaseTarget.class));
        cases.add(new Case("release target mx", "release-target",
                new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", 25), ReleaseTarget.class));
        cases.add(new Case("release target mx of an address-literal mail domain (a DSN)", "release-target",
                new ReleaseTarget(ReleaseTarget.Kind.MX, "2001:db8::25", 25), ReleaseTarget.class));
        return cases;
    }

    private static Class<?> readAs(Object value) {
        if (value instanceof DequeueRequest) {
            return DequeueRequest.class;
        }
        if (value instanceof EdgeReply) {
            return EdgeReply.class;
        }
        return value.getClass();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instances")
    void serialisedValueIsValidAndReadsBackEqual(Case c) throws IOException {
        byte[] bytes = Json.write(c.value());
        JsonNode tree = Json.mapper().readTree(bytes);

        assertThat(Schemas.validate(c.schema(), tree)).as("%s against %s: %s", c.name(), c.schema(), tree).isEmpty();

        Object back = Json.read(bytes, c.readAs());
        if (c.value() instanceof GatewayRecord expected) {
            assertSameGatewayRecord((GatewayRecord) back, expected);
        } else {
            assertThat(back).isEqualTo(c.value());
        }
        assertThat(Json.mapper().readTree(Json.write(back))).as("written again").isEqualTo(tree);
    }

    /**
     * {@code Pbkdf2Hash} has no {@code equals}, so a {@code StoredSecret} never equals its copy: the hash is
     * compared by its encoded form, everything else with {@code equals}.
     */
    private static void assertSameGatewayRecord(GatewayRecord back, GatewayRecord expected) {
        assertThat(back.settings()).isEqualTo(expected.settings());
        assertThat(back.version()).isEqualTo(expected.version());
        assertThat(back.managedBy()).isEqualTo(expected.managedBy());
        assertThat(back.updatedAt()).isEqualTo(expected.updatedAt());
        if (expected.secret() == null) {
            assertThat(back.secret()).isNull();
        } else {
            assertThat(back.secret().pbkdf2().encoded()).isEqualTo(expected.secret().pbkdf2().encoded());
            assertThat(back.secret().cramMd5()).isEqualTo(expected.secret().cramMd5());
        }
        assertThat(back).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void everyEventTypeAndVariantHasAnInstance() {
        List<Object> values = instances().stream().map(Case::value).toList();
        Set<Class<?>> classes = values.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(classes).contains(DequeueRequest.class.getPermittedSubclasses());
        assertThat(classes).contains(EdgeReply.class.getPermittedSubclasses());
        assertThat(classes).contains(GatewayRecord.class, DeliveryOutcome.class, QueueUsage.class,
                LifecycleEvent.class, Envelope.class, ReleaseTarget.class);

        assertThat(values.stream().filter(AdminRequest.class::isInstance).map(v -> ((AdminRequest) v).action()))
                .containsAll(EnumSet.allOf(AdminRequest.Action.class));
        assertThat(values.stream().filter(EtrnAnswer.class::isInstance).map(v -> ((EtrnAnswer) v).outcome()))
                .containsAll(EnumSet.allOf(EtrnAnswer.Outcome.class));
        assertThat(values.stream().filter(AtrnAnswer.class::isInstance).map(v -> ((AtrnAnswer) v).outcome()))
                .containsAll(EnumSet.allOf(AtrnAnswer.Outcome.class));
        assertThat(values.stream().filter(DeliveryOutcome.class::isInstance)
                .flatMap(v -> ((DeliveryOutcome) v).results().stream()).map(DeliveryOutcome.RecipientResult::status))
                .containsAll(EnumSet.allOf(DeliveryOutcome.Status.class));
        assertThat(values.stream().filter(LifecycleEvent.class::isInstance).map(v -> ((LifecycleEvent) v).type()))
                .containsAll(EnumSet.allOf(LifecycleEvent.Type.class));
        assertThat(values.stream().filter(ReleaseTarget.class::isInstance).map(v -> ((ReleaseTarget) v).kind()))
                .containsAll(EnumSet.allOf(ReleaseTarget.Kind.class));
    }

    // ------------------------------------------------------------------ negative cases

    private static final String REMOVE = "<remove>";

    static Stream<Arguments> violations() {
        return Stream.of(
                bad("etrn-request", "/requestId", REMOVE, "required"),
                bad("etrn-request", "/type", "\"etrm\"", "enum"),
                bad("etrn-request", "/domain", "\"Example.NET\"", "pattern"),
                bad("etrn-request", "/domain", "\"bücher.example\"", "pattern"),
                bad("etrn-request", "/domain", "\"192.0.2.25\"", "pattern"),
                bad("etrn-request", "/requesterAddress", "\"192.0.2.256\"", "pattern"),
                bad("etrn-request", "/replyPartition", "-1", "minimum"),
                bad("etrn-request", "/requestedAt", "\"2026-05-04 09:30:00\"", "format"),
                bad("etrn-request", "/requestedAt", "\"2026-05-04T11:30:00+02:00\"", "pattern"),
                bad("etrn-request", "/requestedAt", "1777887000", "type"),
                bad("etrn-request", "/priority", "1", "additionalProperties"),
                bad("atrn-request", "/login", REMOVE, "required"),
                bad("atrn-end-request", "/sessionId", REMOVE, "required"),
                bad("admin-request", "/action", "\"purge\"", "enum"),
                bad("admin-request", "/messageId", "\"m-1\"", "not"),
                bad("admin-request", "/action", "\"drop\"", "required"),
                bad("admin-request", "/targetOverride/mode", "\"sender-ip\"", "enum"),
                bad("etrn-answer", "/outcome", "\"none\"", "const"),
                bad("etrn-answer", "/released", REMOVE, "required"),
                bad("atrn-answer", "/outcome", "\"maybe\"", "enum"),
                bad("atrn-answer", "/releaseId", REMOVE, "required"),
                bad("atrn-answer", "/outcome", "\"busy\"", "false"),
                bad("delivery-outcome", "/results/0/status", "\"ok\"", "enum"),
                bad("delivery-outcome", "/results", "[]", "minItems"),
                bad("delivery-outcome", "/results/0/reply/code", "700", "maximum"),
                bad("delivery-outcome", "/results/0/reply/enhanced", "\"2.0\"", "pattern"),
                bad("delivery-outcome", "/deliveredBy", "\"postfix\"", "pattern"),
                bad("delivery-outcome", "/releaseId", REMOVE, "required"),
                bad("queue-usage", "/heldCount", "-1", "minimum"),
                bad("queue-usage", "/oldestHeldAt", REMOVE, "required"),
                bad("queue-usage", "/heldBytes", "\"612\"", "type"),
                bad("lifecycle-accepted", "/type", "\"exploded\"", "enum"),
                bad("lifecycle-accepted", "/service", "\"mta\"", "enum"),
                bad("lifecycle-accepted", "/details/nested", "{\"a\": 1}", "type"),
                bad("lifecycle-accepted", "/details/list", "[1, 2]", "type"),
                bad("lifecycle-accepted", "/details/client-address", "\"x\"", "propertyNames"),
                bad("lifecycle-accepted", "/details", REMOVE, "required"),
                bad("gateway-config", "/settings", REMOVE, "required"),
                bad("gateway-config", "/version", "-1", "minimum"),
                bad("gateway-config", "/managedBy", "\"helm\"", "pattern"),
                bad("gateway-config", "/settings/cramMd5", REMOVE, "required"),
                bad("gateway-config", "/settings/password", "\"secret\"", "additionalProperties"),
                bad("gateway-config", "/settings/outboundTls", "\"mandatory\"", "enum"),
                bad("gateway-config", "/settings/outboundTls", "\"off\"", "enum"),
                bad("gateway-config", "/settings/etrn/deliverTo", "{\"mode\": \"host\"}", "required"),
                bad("gateway-config", "/settings/etrn/deliverTo", "{\"mode\": \"requester-ip\", \"host\": \"192.0.2.1\"}", "not"),
                bad("gateway-config", "/settings/etrn/deliverTo/host", "\"[2001:db8::1]\"", "pattern"),
                bad("gateway-config", "/settings/etrn/deliverTo/host", "\"mail.example.net:25\"", "pattern"),
                bad("gateway-config", "/settings/etrn/port", "0", "minimum"),
                bad("gateway-config", "/settings/etrn/port", "65536", "maximum"),
                bad("gateway-config", "/settings/access/honor/0", "\"192.0.2.0/33\"", "pattern"),
                bad("gateway-config", "/settings/access/ignore/0", "\"192.0.2.13\"", "pattern"),
                bad("gateway-config", "/settings/maxHoldTime", "\"PT0S\"", "not"),
                bad("gateway-config", "/settings/maxHoldTime", "\"7 days\"", "pattern"),
                bad("gateway-config", "/settings/delayWarningAfter", "\"PT-1H\"", "pattern"),
                bad("gateway-config", "/settings/maxMessageSize", "52428801", "maximum"),
                bad("gateway-config", "/settings/quotas/maxBytes", "-1", "minimum"),
                bad("gateway-config", "/settings/recipientVerification/validLocalParts/0", "\"Bob\"", "not"),
                bad("gateway-config", "/settings/authorizedLogins/0", "\"-bad-.example\"", "pattern"),
                bad("gateway-config", "/secret/cramMd5", "\"xyz\"", "pattern"),
                bad("gateway-config", "/secret/pbkdf2", "\"md5$abc\"", "pattern"),
                bad("gateway-config", "/secret/password", "\"example-password\"", "additionalProperties"),
                bad("envelope", "/body", "\"BINARYMIME\"", "enum"),
                bad("envelope", "/ret", "\"ALL\"", "enum"),
                bad("envelope", "/recipients", "[]", "minItems"),
                bad("envelope", "/recipients/0/notify", "[\"NEVER\", \"FAILURE\"]", "maxItems"),
                bad("envelope", "/recipients/0/address", "\"bob\"", "pattern"),
                bad("envelope", "/receivedAt", REMOVE, "required"),
                bad("envelope", "/size", "-5", "minimum"),
                bad("release-target", "/port", "0", "minimum"),
                bad("release-target", "/kind", "\"dns\"", "enum"),
                bad("release-target", "/kind", "\"ip\"", "pattern"),
                bad("release-target", "/host", "\"192.0.2.7\"", "pattern"), // an exact host is a name
                bad("release-target", "/host", REMOVE, "required"));
    }

    private static Arguments bad(String example, String pointer, String replacement, String keyword) {
        return Arguments.of(example, pointer, replacement, keyword);
    }

    @ParameterizedTest(name = "{0}: {1} = {2} fails ({3})")
    @MethodSource("violations")
    void schemaRejects(String example, String pointer, String replacement, String keyword) {
        Map.Entry<String, JsonNode> base = exampleJson(example);
        assertThat(Schemas.validate(base.getKey(), base.getValue())).as("the unchanged example is valid").isEmpty();

        JsonNode broken = change(base.getValue(), pointer, replacement);
        Set<ValidationMessage> errors = Schemas.validate(base.getKey(), broken);

        assertThat(errors).as("errors for %s", broken).isNotEmpty();
        assertThat(errors).extracting(ValidationMessage::getType).as("error keywords of %s", errors).contains(keyword);
    }

    /** The schema name and the JSON of a documented example (a record value or a header value). */
    static Map.Entry<String, JsonNode> exampleJson(String name) {
        Object o = ContractExamples.headerJsonExamples().get(name);
        if (o == null) {
            o = ContractExamples.records().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no example " + name)).object();
        }
        try {
            // what goes on the wire, read back as a consumer sees it
            return Map.entry(ContractExamples.schemaOf(o), Json.mapper().readTree(Json.write(o)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode change(JsonNode original, String pointer, String replacement) {
        JsonNode copy = original.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        JsonNode value;
        try {
            value = REMOVE.equals(replacement) ? null : Json.mapper().readTree(replacement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parent instanceof ObjectNode o) {
            if (value == null) {
                assertThat(o.remove(last)).as("%s exists", pointer).isNotNull();
            } else {
                o.set(last, value);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            if (value == null) {
                a.remove(i);
            } else {
                a.set(i, value);
            }
        } else {
            throw new IllegalArgumentException("no container at " + pointer + " in " + original);
        }
        return copy;
    }

    // ------------------------------------------------------------------ the schemas themselves

    @ParameterizedTest
    @ValueSource(strings = {"gateway-record", "envelope", "release-target", "dequeue-request", "edge-reply",
            "delivery-outcome", "queue-usage", "lifecycle-event"})
    void schemaIsAValidDraft202012Schema(String name) {
        JsonNode schema = Schemas.tree(name);
        assertThat(schema.path("$schema").asText()).isEqualTo(Schemas.DRAFT_2020_12);
        assertThat(schema.path("$id").asText()).isEqualTo("urn:dequeue:schema:" + name);
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(Schemas.metaSchema().validate(schema)).isEmpty();
        assertThat(Schemas.ALL).contains(name);
    }

    /** Closed types: every object in a schema that lists properties forbids others. */
    @ParameterizedTest
    @ValueSource(strings = {"gateway-record", "envelope", "release-target", "dequeue-request", "edge-reply",
            "delivery-outcome", "queue-usage", "lifecycle-event"})
    void everyObjectWithPropertiesIsClosed(String name) {
        List<String> open = new ArrayList<>();
        walk(Schemas.tree(name), "", (path, node) -> {
            // the oneOf dispatchers (dequeue-request, edge-reply) leave closing to their variants
            boolean declaresObject = "object".equals(node.path("type").asText()) && node.has("properties")
                    && !node.has("oneOf");
            if (declaresObject && !node.path("additionalProperties").isBoolean()) {
                open.add(path);
            }
        });
        assertThat(open).isEmpty();
    }

    /** The schemas are self-contained; the definitions they share must not drift apart. */
    @Test
    void sharedDefinitionsAreIdenticalInEverySchema() {
        Map<String, JsonNode> first = new java.util.HashMap<>();
        Map<String, String> firstIn = new java.util.HashMap<>();
        Set<String> shared = new HashSet<>();
        for (String name : Schemas.ALL) {
            JsonNode defs = Schemas.tree(name).path("$defs");
            for (Iterator<String> it = defs.fieldNames(); it.hasNext(); ) {
                String def = it.next();
                JsonNode seen = first.putIfAbsent(def, defs.get(def));
                if (seen == null) {
                    firstIn.put(def, name);
                } else {
                    shared.add(def);
                    assertThat(defs.get(def)).as("$defs/%s in %s and in %s", def, name, firstIn.get(def)).isEqualTo(seen);
                }
            }
        }
        assertThat(shared).contains("domain", "instant", "id", "ipAddress", "deliverTo");
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor v) {
        if (node.isObject()) {
            v.visit(path, node);
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), v));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, v);
            }
        }
    }

    // ------------------------------------------------------------------ schema patterns agree with the Java types

    @ParameterizedTest
    @ValueSource(strings = {"example.net", "a", "localhost", "xn--bcher-kva.example", "1example.net", "ex--ample.net",
            "a.b.c.d.e.f", "example.123", "123", "192.0.2.25", "-a.example", "a-.example", "a..example", ".example",
            "example.", "Example.net", "a_b.example", "ex ample.net", "bücher.example", "",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example", "<253>", "<254>", "9.example0"})
    void domainPatternAcceptsExactlyTheCanonicalNames(String candidate) {
        String name = switch (candidate) {
            case "<253>" -> nameOfLength(253);
            case "<254>" -> nameOfLength(254);
            default -> candidate;
        };
        boolean java = isCanonicalDomain(name);
        Map.Entry<String, JsonNode> usage = exampleJson("queue-usage");
        JsonNode changed = change(usage.getValue(), "/domain", Json.writeString(name));
        assertThat(Schemas.validate(usage.getKey(), changed).isEmpty()).as("'%s' is valid", name).isEqualTo(java);
    }

    /** Labels of 63 'a' joined by dots, the last one shortened to reach exactly {@code length}. */
    static String nameOfLength(int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            if (b.length() > 0) {
                b.append('.');
            }
            int n = Math.min(63, length - b.length());
            b.append("a".repeat(n));
        }
        return b.toString();
    }

    private static boolean isCanonicalDomain(String s) {
        try {
            new DomainName(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5",
            "1.2.3.4 ", "::", "::1", "2001:db8::1", "2001:DB8::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", "2001:db8:::1", "12345::1",
            "g::1", ":1", "1:", "fe80::1%eth0", "example.net"})
    void ipAddressPatternAgreesWithIpLiteral(String candidate) {
        Map.Entry<String, JsonNode> etrn = exampleJson("etrn-request");
        JsonNode changed = change(etrn.getValue(), "/requesterAddress", Json.writeString(candidate));
        assertThat(Schemas.validate(etrn.getKey(), changed).isEmpty()).as("'%s' is valid", candidate)
                .isEqualTo(IpLiteral.isIp(candidate));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/24", "192.0.2.77/24", "10.0.0.0/8", "0.0.0.0/0", "192.0.2.1", "2001:db8::/32",
            "2001:db8::1", "::/0", "fe80::/10", "::ffff:192.0.2.1", "2001:db8:1:2:3:4:5:6/128"})
    void cidrPatternAcceptsWhatCidrWrites(String input) {
        String written = Cidr.parse(input).toString();
        Map.Entry<String, JsonNode> gw = exampleJson("gateway-config");
        JsonNode changed = change(gw.getValue(), "/settings/access/honor/0", Json.writeString(written));
        assertThat(Schemas.validate(gw.getKey(), changed)).as(written).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.net", "MX.Example.NET.", "[mail.example.net]", "[ Mail.Example.net ]", "192.0.2.7",
            "[192.0.2.7]", "2001:db8::7", "2001:DB8::7", "[IPv6:2001:db8::7]", "[ipv6:2001:DB8::7]",
            "[IPv6:::ffff:192.0.2.7]", "bücher.example", "[bücher.example]"})
    void deliverToHostPatternAcceptsEveryCanonicalHost(String input) {
        assertThat(hostIsValid(DeliverTo.host(input).host())).as(DeliverTo.host(input).host()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "[", "[example.net", "example.net]", "[2001:db8::7]", "[IPv6:192.0.2.7]",
            "[IPv6:example.net]", "1.2.3", "[999.1.1.1]", "ex ample.net", "_smtp.example.net", "[-a.example]",
            "mail.example.net:25", "192.0.2.7/32"})
    void deliverToHostPatternRejectsWhatDeliverToRejects(String host) {
        assertThat(DeliverTo.whyHostInvalid(host)).as("DeliverTo rejects '%s'", host).isNotNull();
        assertThat(hostIsValid(host)).as("the schema rejects '%s'", host).isFalse();
    }

    private static boolean hostIsValid(String host) {
        Map.Entry<String, JsonNode> gw = exampleJson("gateway-config");
        JsonNode changed = change(gw.getValue(), "/settings/etrn/deliverTo/host", Json.writeString(host));
        return Schemas.validate(gw.getKey(), changed).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 45, 90 * 60, 36 * 3600, 7 * 86400, 400L * 86400})
    void durationPatternAcceptsWhatJavaWrites(long seconds) {
        String written = Json.writeString(Duration.ofSeconds(seconds)).replace("\"", "");
        Map.Entry<String, JsonNode> gw = exampleJson("gateway-config");
        for (String field : List.of("/settings/maxHoldTime", "/settings/delayWarningAfter")) {
            JsonNode changed = change(gw.getValue(), field, Json.writeString(written));
            assertThat(Schemas.validate(gw.getKey(), changed)).as("%s = %s", field, written).isEmpty();
        }
        assertThat(Arrays.asList("P7D", "PT1H30M")).allSatisfy(iso -> assertThat(
                Schemas.validate(gw.getKey(), change(gw.getValue(), "/settings/maxHoldTime", Json.writeString(iso))))
                .isEmpty());
    }
}
