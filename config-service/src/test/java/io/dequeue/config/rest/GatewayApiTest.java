package io.dequeue.config.rest;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dequeue.config.Api;
import io.dequeue.config.TopicReader;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.dequeue.config.Api.admin;
import static io.dequeue.config.Api.domain;
import static io.dequeue.config.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The admin REST API against a real broker: CRUD, merge patch, concurrency, read-your-writes, secrecy. */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
@Order(1) // before ImportAndRestartTest, which restarts Quarkus and looks for what this class created
class GatewayApiTest {
    /** Health and metrics: the management interface (a port of its own), under its root path /q. */
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    /** Created here and checked again by {@code ImportAndRestartTest} after a Quarkus restart. */
    static final String SURVIVES_RESTART = domain("restart-check");
    private static final String PROBLEM = "application/problem+json";

    @Inject
    GatewayDirectory directory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void crudRoundTrip() {
        String d = domain("crud");
        json("""
                {"etrn": {"enabled": true, "requireAuth": false, "deliverTo": {"mode": "host", "host": "[MX.Example.NET]"}, "port": 2525},
                 "atrn": {"enabled": true, "singleSession": true},
                 "access": {"honor": ["192.0.2.0/24", "2001:db8::/32"], "ignore": ["192.0.2.66"]},
                 "quotas": {"maxMessages": 1000, "maxBytes": 104857600},
                 "maxMessageSize": 10485760, "maxHoldTime": "P5D", "delayWarningAfter": "PT4H",
                 "recipientVerification": {"validLocalParts": ["Postmaster", "info"]},
                 "outboundTls": "required", "authorizedLogins": ["parent.example"], "cramMd5": false,
                 "password": "crud-password-1"}""")
                .put("/api/gateways/" + d)
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString("/api/gateways/" + d))
                .contentType("application/json")
                .body("domain", equalTo(d))
                .body("version", is(1))
                .body("managedBy", equalTo("api"))
                .body("passwordSet", is(true))
                .body("updatedAt", notNullValue())
                .body("etrn.enabled", is(true))
                .body("etrn.requireAuth", is(false))
                .body("etrn.deliverTo.mode", equalTo("host"))
                .body("etrn.deliverTo.host", equalTo("[mx.example.net]"))
                .body("etrn.port", is(2525))
                .body("atrn.singleSession", is(true))
                .body("access.honor", equalTo(List.of("192.0.2.0/24", "2001:db8:0:0:0:0:0:0/32")))
                .body("access.ignore", equalTo(List.of("192.0.2.66/32")))
                .body("quotas.maxMessages", is(1000))
                .body("maxHoldTime", equalTo("PT120H"))
                .body("recipientVerification.validLocalParts", equalTo(List.of("info", "postmaster")))
                .body("outboundTls", equalTo("required"))
                .body("authorizedLogins", equalTo(List.of("parent.example")))
                .body("cramMd5", is(false))
                .body("password", nullValue());

        admin().get("/api/gateways/" + d).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("etrn.port", is(2525))
                .body("passwordSet", is(true));

        // A full replacement without a password keeps the stored secret; unset settings go back to defaults.
        json("{\"domain\": \"" + d.toUpperCase() + "\", \"etrn\": {\"enabled\": true}, \"cramMd5\": false}")
                .put("/api/gateways/" + d)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("version", is(2))
                .body("passwordSet", is(true))
                .body("etrn.port", is(25))
                .body("etrn.requireAuth", is(true))
                .body("etrn.deliverTo.mode", equalTo("requester-ip"))
                .body("atrn.enabled", is(false))
                .body("maxHoldTime", equalTo("PT168H"));
        assertThat(directory.find(DomainName.parse(d)).orElseThrow().secret().verifyPassword("crud-password-1".toCharArray()))
                .isTrue();

        admin().delete("/api/gateways/" + d).then().statusCode(204);
        admin().get("/api/gateways/" + d).then().statusCode(404)
                .contentType(PROBLEM)
                .body("status", is(404))
                .body("type", equalTo("urn:dequeue:problem:unknown-gateway"))
                .body("detail", containsString(d));
        assertThat(directory.find(DomainName.parse(d))).isEmpty();
    }

    @Test
    void internationalisedDomainsAreStoredAsALabels() {
        String d = "bücher-" + domain("idn");
        String ascii = DomainName.parse(d).value();
        json("{}").put("/api/gateways/" + d).then().statusCode(201).body("domain", equalTo(ascii));
        admin().get("/api/gateways/" + ascii).then().statusCode(200);
        admin().delete("/api/gateways/" + d).then().statusCode(204);
    }

    @Test
    void mergePatchChangesOnlyWhatItNames() {
        String d = domain("patch");
        json("{\"etrn\": {\"enabled\": true, \"port\": 2525}, \"quotas\": {\"maxMessages\": 5}, \"password\": \"patch-Pw-7Kq2x9\"}")
                .put("/api/gateways/" + d).then().statusCode(201);

        admin().contentType("application/merge-patch+json")
                .body("{\"etrn\": {\"deliverTo\": {\"mode\": \"host\", \"host\": \"mx.example.net\"}}, \"quotas\": {\"maxBytes\": 2048}}")
                .patch("/api/gateways/" + d)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("etrn.enabled", is(true))
                .body("etrn.port", is(2525))
                .body("etrn.deliverTo.mode", equalTo("host"))
                .body("etrn.deliverTo.host", equalTo("mx.example.net"))
                .body("quotas.maxMessages", is(5))
                .body("quotas.maxBytes", is(2048))
                .body("passwordSet", is(true));

        // application/json is accepted too; null removes a member, i.e. back to its default.
        json("{\"quotas\": null, \"etrn\": {\"deliverTo\": {\"mode\": \"requester-ip\", \"host\": null}}, \"delayWarningAfter\": \"PT6H\"}")
                .patch("/api/gateways/" + d)
                .then().statusCode(200)
                .body("version", is(3))
                .body("quotas.maxMessages", is(0))
                .body("quotas.maxBytes", is(0))
                .body("etrn.deliverTo.mode", equalTo("requester-ip"))
                .body("etrn.port", is(2525))
                .body("delayWarningAfter", equalTo("PT6H"));

        // "password": null removes the password.
        json("{\"password\": null}").patch("/api/gateways/" + d)
                .then().statusCode(200).body("passwordSet", is(false));

        // A patch is validated like a full body, against the merged result.
        json("{\"etrn\": {\"prot\": 26}}").patch("/api/gateways/" + d)
                .then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("etrn.prot")))
                .body("errors[0].message", containsString("did you mean 'port'"));

        json("{\"etrn\": {\"port\": 26}}").patch("/api/gateways/" + domain("never-created"))
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void listShowsEveryGatewayInDomainOrder() {
        String a = domain("list-a");
        String b = domain("list-b");
        json("{\"password\": \"list-Secret-7Kq2\"}").put("/api/gateways/" + b).then().statusCode(201);
        json("{}").put("/api/gateways/" + a).then().statusCode(201);

        Response list = admin().get("/api/gateways");
        list.then().statusCode(200).contentType("application/json")
                .body("domain", hasItem(a))
                .body("domain", hasItem(b));
        List<String> domains = list.jsonPath().getList("domain");
        assertThat(domains).isSorted();
        assertThat(domains.indexOf(a)).isLessThan(domains.indexOf(b));
        assertThat(list.asString()).doesNotContain("list-Secret-7Kq2").doesNotContain("pbkdf2");
    }

    @Test
    void passwordsAreNeverShownNorStoredInClear() throws Exception {
        String d = domain("secret");
        String password = "Corr3ct-Lantern-Oxbow-Staple";
        String put = json("{\"password\": \"" + password + "\", \"cramMd5\": true}").put("/api/gateways/" + d)
                .then().statusCode(201).extract().asString();
        String get = admin().get("/api/gateways/" + d).then().statusCode(200).extract().asString();
        String patch = json("{\"atrn\": {\"enabled\": true}}").patch("/api/gateways/" + d)
                .then().statusCode(200).extract().asString();
        String list = admin().get("/api/gateways").then().statusCode(200).extract().asString();
        GatewayRecord stored = directory.find(DomainName.parse(d)).orElseThrow();
        String hash = stored.secret().pbkdf2().encoded();
        String pads = stored.secret().cramMd5().toHex();
        for (String body : List.of(put, get, patch, list)) {
            assertThat(body).doesNotContain(password).doesNotContain(hash).doesNotContain(pads)
                    .doesNotContain("pbkdf2").doesNotContain("secret\"");
        }
        assertThat(stored.secret().verifyPassword(password.toCharArray())).isTrue();

        // What any Kafka tool sees: the hash and pad states, never the password.
        List<ConsumerRecord<byte[], byte[]>> raw = TopicReader.readKey(bootstrapServers, Topics.GATEWAY_CONFIG, d);
        assertThat(raw).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            String value = TopicReader.text(r.value());
            assertThat(value).doesNotContain(password).contains("pbkdf2-sha256$");
            assertThat(CloudEvents.type(r.headers())).isEqualTo(EventTypes.GATEWAY_CONFIG);
            assertThat(CloudEvents.get(r.headers(), CloudEvents.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(CloudEvents.get(r.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo("application/json");
        }
        assertThat(ContractSerdesCheck.read(raw.get(1).value()).version()).isEqualTo(2);

        // The audit events say what happened and who did it, and carry no secret.
        List<ConsumerRecord<byte[], byte[]>> events = TopicReader.readKey(bootstrapServers, Topics.MAIL_LIFECYCLE, d);
        assertThat(events).hasSize(2);
        String created = TopicReader.text(events.get(0).value());
        assertThat(CloudEvents.type(events.get(0).headers())).isEqualTo(EventTypes.LIFECYCLE_PREFIX + "gateway-changed");
        assertThat(Json.mapper().readValue(created, new TypeReference<Map<String, Object>>() { })).containsEntry("type", "gateway-changed")
                .containsEntry("domain", d)
                .containsEntry("service", "config-service")
                .containsEntry("details", Map.of("action", "created", "version", 1, "managedBy", "api", "principal", "api:admin-token"));
        for (ConsumerRecord<byte[], byte[]> e : events) {
            assertThat(TopicReader.text(e.value())).doesNotContain(password).doesNotContain(hash).doesNotContain(pads);
        }
    }

    @Test
    void weakPasswordsAndOpenEtrnAreInvalidSettingsProblems() {
        String d = domain("weak");
        Response weak = json("{\"password\": \"Password2024!\"}").put("/api/gateways/" + d);
        weak.then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:invalid-settings"));
        assertThat(errors(weak)).containsOnlyKeys("password");
        assertThat(weak.asString()).doesNotContain("Password2024!");
        json("{\"password\": \"" + d + "\"}").put("/api/gateways/" + d).then().statusCode(422);
        json("{\"password\": \"x-7Kq2-short\"}").put("/api/gateways/" + d).then().statusCode(201);
        // a PATCH goes through the same check
        json("{\"password\": \"changeme\"}").patch("/api/gateways/" + d).then().statusCode(422)
                .body("errors[0].field", equalTo("password"));

        String open = "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}}}";
        Response refused = json(open).patch("/api/gateways/" + d);
        refused.then().statusCode(422).contentType(PROBLEM).body("type", equalTo("urn:dequeue:problem:invalid-settings"));
        assertThat(errors(refused)).containsOnlyKeys("etrn");
        json("{\"etrn\": {\"enabled\": true, \"requireAuth\": false}, \"access\": {\"honor\": [\"192.0.2.0/24\"]}}")
                .patch("/api/gateways/" + d).then().statusCode(200);
    }

    @Test
    void cramMd5NeedsThePasswordWhenOnlyAHashIsStored() {
        String d = domain("cram");
        json("{\"password\": \"cram-Pass-7Kq2x9\", \"cramMd5\": false}").put("/api/gateways/" + d).then().statusCode(201);
        assertThat(directory.find(DomainName.parse(d)).orElseThrow().secret().cramMd5()).isNull();

        json("{\"cramMd5\": true}").patch("/api/gateways/" + d)
                .then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:password-required"))
                .body("errors[0].field", equalTo("password"));
        json("{\"cramMd5\": true}").put("/api/gateways/" + d).then().statusCode(422);

        json("{\"cramMd5\": true, \"password\": \"cram-Pass-7Kq2x9\"}").patch("/api/gateways/" + d)
                .then().statusCode(200).body("cramMd5", is(true));
        assertThat(directory.find(DomainName.parse(d)).orElseThrow().secret().cramMd5()).isNotNull();

        // Switching CRAM-MD5 off drops the pad states but keeps the password hash.
        json("{\"cramMd5\": false}").patch("/api/gateways/" + d).then().statusCode(200).body("passwordSet", is(true));
        GatewayRecord off = directory.find(DomainName.parse(d)).orElseThrow();
        assertThat(off.secret().cramMd5()).isNull();
        assertThat(off.secret().verifyPassword("cram-Pass-7Kq2x9".toCharArray())).isTrue();

        // A gateway without any password may have CRAM-MD5 on: there is nothing to derive yet.
        json("{\"cramMd5\": true}").put("/api/gateways/" + domain("cram-nopass")).then().statusCode(201)
                .body("passwordSet", is(false));
    }

    @Test
    void aSecondIndependentDirectorySeesEveryChange() throws Exception {
        String d = domain("second-view");
        DomainName name = DomainName.parse(d);
        try (GatewayDirectory second = new GatewayDirectory(bootstrapServers, "config-service-test-second", Map.of())) {
            second.start();
            assertThat(second.awaitReady(Duration.ofSeconds(30))).isTrue();

            json("{\"etrn\": {\"enabled\": true}}").put("/api/gateways/" + d).then().statusCode(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.find(name).isPresent());
            assertThat(second.find(name).orElseThrow().settings().etrn().enabled()).isTrue();

            json("{\"etrn\": {\"port\": 587}}").patch("/api/gateways/" + d).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.find(name).map(GatewayRecord::version).orElse(0L) == 2L);
            assertThat(second.find(name).orElseThrow().settings().etrn().port()).isEqualTo(587);

            admin().delete("/api/gateways/" + d).then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.find(name).isEmpty());
        }
    }

    @Test
    void aDirectoryRebuiltFromTheTopicHasTheSameState() throws Exception {
        json("{\"password\": \"rebuild-Pw-4Rt8\"}").put("/api/gateways/" + domain("rebuild-a")).then().statusCode(201);
        json("{\"atrn\": {\"enabled\": true}}").put("/api/gateways/" + domain("rebuild-b")).then().statusCode(201);
        json("{}").put("/api/gateways/" + domain("rebuild-c")).then().statusCode(201);
        admin().delete("/api/gateways/" + domain("rebuild-c")).then().statusCode(204);
        json("{}").put("/api/gateways/" + SURVIVES_RESTART).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        try (GatewayDirectory rebuilt = new GatewayDirectory(bootstrapServers, "config-service-test-rebuild", Map.of())) {
            rebuilt.start();
            assertThat(rebuilt.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(asJson(rebuilt.all())).isEqualTo(asJson(directory.all()));
            assertThat(rebuilt.find(DomainName.parse(domain("rebuild-c")))).isEmpty();
            assertThat(rebuilt.find(DomainName.parse(domain("rebuild-a"))).orElseThrow().secret()
                    .verifyPassword("rebuild-Pw-4Rt8".toCharArray())).isTrue();
        }
    }

    private static Map<String, String> asJson(java.util.Collection<GatewayRecord> records) {
        return records.stream().collect(Collectors.toMap(r -> r.settings().domain().value(), Json::writeString,
                (x, y) -> y, TreeMap::new));
    }

    @Test
    void staleVersionsAreRefused() {
        String d = domain("etag");
        json("{}").put("/api/gateways/" + d).then().statusCode(201).header("ETag", "\"1\"");
        json("{\"etrn\": {\"enabled\": true}}").header("If-Match", "\"1\"").put("/api/gateways/" + d)
                .then().statusCode(200).header("ETag", "\"2\"");

        json("{\"etrn\": {\"enabled\": false}}").header("If-Match", "\"1\"").put("/api/gateways/" + d)
                .then().statusCode(412).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:version-mismatch"))
                .body("detail", containsString("version 2"));
        admin().contentType("application/merge-patch+json").body("{\"atrn\": {\"enabled\": true}}")
                .header("If-Match", "\"1\"").patch("/api/gateways/" + d).then().statusCode(412);
        admin().header("If-Match", "\"1\"").delete("/api/gateways/" + d).then().statusCode(412);
        admin().header("If-Match", "W/\"2\"").delete("/api/gateways/" + d).then().statusCode(412);
        json("{}").header("If-None-Match", "*").put("/api/gateways/" + d).then().statusCode(412);
        json("{}").header("If-Match", "*").put("/api/gateways/" + domain("etag-absent")).then().statusCode(412);
        json("{}").header("If-Match", "version two").put("/api/gateways/" + d).then().statusCode(400)
                .body("errors[0].field", equalTo("If-Match"));

        admin().get("/api/gateways/" + d).then().statusCode(200).header("ETag", "\"2\"").body("etrn.enabled", is(true));
        admin().header("If-Match", "\"2\"").delete("/api/gateways/" + d).then().statusCode(204);
    }

    @Test
    void aHoldTimeLongerThanMailAcceptedKeepsMailIsRefused() {
        String d = domain("longhold");
        Response r = json("""
                {"maxHoldTime": "P15D"}""").put("/api/gateways/" + d);
        r.then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:invalid-settings"));
        assertThat(errors(r)).containsOnlyKeys("maxHoldTime");
        assertThat(errors(r).get("maxHoldTime")).contains("at most 14 days").contains("mail.accepted");
        assertThat(directory.find(DomainName.parse(d))).isEmpty();

        json("""
                {"maxHoldTime": "P14D"}""").put("/api/gateways/" + d).then().statusCode(201);
    }

    @Test
    void invalidSettingsAreAllReportedAtOnce() {
        String d = domain("invalid");
        Response r = json("""
                {"etrn": {"prot": 25, "port": 70000, "deliverTo": {"mode": "host", "host": "[mx.example.net"}},
                 "access": {"honor": ["192.0.2.0/24", "10.0.0.0/33"], "ignore": "192.0.2.1"},
                 "quotas": {"maxMessages": -1, "maxBytes": 10},
                 "maxMessageSize": 999999999999,
                 "maxHoldTime": "seven days",
                 "cramMd5": "yes",
                 "authorizedLogins": ["good.example", "bad..example"],
                 "passwrd": "x"}""")
                .put("/api/gateways/" + d);
        r.then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:invalid-settings"))
                .body("title", notNullValue())
                .body("status", is(422))
                .body("detail", equalTo("11 fields are invalid."));
        Map<String, String> errors = errors(r);
        assertThat(errors).containsOnlyKeys("etrn.prot", "etrn.port", "etrn.deliverTo.host", "access.honor[1]",
                "access.ignore", "quotas.maxMessages", "maxMessageSize", "maxHoldTime", "cramMd5",
                "authorizedLogins[1]", "passwrd");
        assertThat(errors.get("etrn.prot")).contains("unknown field").contains("port");
        assertThat(errors.get("etrn.port")).contains("65535");
        assertThat(errors.get("etrn.deliverTo.host")).contains("]");
        assertThat(errors.get("access.ignore")).contains("array");
        assertThat(errors.get("maxHoldTime")).contains("ISO-8601");
        assertThat(errors.get("cramMd5")).contains("true or false");
        assertThat(errors.get("passwrd")).contains("did you mean 'password'");
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(directory.find(DomainName.parse(d))).isEmpty();
    }

    @Test
    void eachKindOfBadInputIsAProblem() {
        String d = domain("bad-input");
        // bad domain name in the path
        json("{}").put("/api/gateways/-bad-.example").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:dequeue:problem:malformed-request"))
                .body("errors[0].field", equalTo("domain"));
        admin().get("/api/gateways/192.0.2.1").then().statusCode(400).body("errors[0].field", equalTo("domain"));
        // a domain in the body that is not the one in the path
        json("{\"domain\": \"other.example\"}").put("/api/gateways/" + d).then().statusCode(422)
                .body("errors[0].field", equalTo("domain"));
        // malformed JSON: where, never what (it may be a password)
        json("{\"password\": hunter2-secret}").put("/api/gateways/" + d).then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("line 1"))
                .body(org.hamcrest.Matchers.not(containsString("hunter2")));
        json("{\"etrn\": {}, \"etrn\": {}}").put("/api/gateways/" + d).then().statusCode(400)
                .body("errors[0].message", containsString("twice"));
        json("").put("/api/gateways/" + d).then().statusCode(400);
        // the body must be an object; types are checked
        json("[1, 2]").put("/api/gateways/" + d).then().statusCode(422).body("errors[0].field", equalTo("body"));
        json("{\"etrn\": true, \"quotas\": {\"maxMessages\": 1.5}, \"etrn\": 1}").put("/api/gateways/" + d)
                .then().statusCode(400);
        Response types = json("{\"etrn\": true, \"quotas\": {\"maxMessages\": 1.5, \"maxBytes\": \"10\"}, "
                + "\"password\": 12345, \"delayWarningAfter\": \"P30D\", \"outboundTls\": \"maybe\"}")
                .put("/api/gateways/" + d);
        types.then().statusCode(422);
        assertThat(errors(types)).containsOnlyKeys("etrn", "quotas.maxMessages", "quotas.maxBytes", "password",
                "delayWarningAfter", "outboundTls");
        assertThat(errors(types).get("delayWarningAfter")).contains("shorter than maxHoldTime");
        assertThat(types.asString()).doesNotContain("12345");
        // deliverTo combinations
        Response deliver = json("{\"etrn\": {\"deliverTo\": {\"mode\": \"requester-ip\", \"host\": \"mx.example.net\"}}, "
                + "\"atrn\": {\"singleSession\": \"no\"}, \"recipientVerification\": {\"validLocalParts\": [\"a@b\", \"\"]}}")
                .put("/api/gateways/" + d);
        assertThat(errors(deliver)).containsOnlyKeys("etrn.deliverTo.host", "atrn.singleSession",
                "recipientVerification.validLocalParts[0]", "recipientVerification.validLocalParts[1]");
        json("{\"etrn\": {\"deliverTo\": {\"mode\": \"elsewhere\"}}}").put("/api/gateways/" + d)
                .then().statusCode(422).body("errors[0].field", equalTo("etrn.deliverTo.mode"));
        json("{\"etrn\": {\"deliverTo\": {\"mode\": \"host\", \"host\": \"[IPv6:2001:db8::zz]\"}}}").put("/api/gateways/" + d)
                .then().statusCode(422).body("errors[0].field", equalTo("etrn.deliverTo.host"));
        assertThat(directory.find(DomainName.parse(d))).isEmpty();
    }

    @Test
    void httpErrorsAreProblemsToo() {
        String d = domain("http");
        json("{}").put("/api/gateways/" + d).then().statusCode(201);
        // 405 with Allow
        admin().contentType("application/json").body("{}").post("/api/gateways/" + d)
                .then().statusCode(405).contentType(PROBLEM).body("status", is(405))
                .header("Allow", containsString("PUT"));
        // 415
        admin().contentType("text/plain").body("{}").put("/api/gateways/" + d)
                .then().statusCode(415).contentType(PROBLEM).body("status", is(415));
        admin().contentType("application/xml").body("<x/>").patch("/api/gateways/" + d)
                .then().statusCode(415).contentType(PROBLEM);
        // 404: unknown gateway, unknown path
        admin().get("/api/gateways/" + domain("missing")).then().statusCode(404).contentType(PROBLEM);
        admin().delete("/api/gateways/" + domain("missing")).then().statusCode(404).contentType(PROBLEM);
        admin().get("/api/nothing-here").then().statusCode(404).contentType(PROBLEM).body("status", is(404));
    }

    @Test
    void everyApiCallNeedsTheBearerToken() {
        String d = domain("auth");
        RestAssured.given().get("/api/gateways").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:dequeue:problem:unauthorized"));
        RestAssured.given().header("Authorization", "Bearer wrong-token").get("/api/gateways")
                .then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"))
                .body(org.hamcrest.Matchers.not(containsString(Api.token())));
        RestAssured.given().header("Authorization", "Basic " + Api.token()).get("/api/gateways").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + Api.token() + "x").contentType("application/json")
                .body("{}").put("/api/gateways/" + d).then().statusCode(401);
        RestAssured.given().delete("/api/gateways/" + d).then().statusCode(401);
        RestAssured.given().get("/api/nothing-here").then().statusCode(401);
        assertThat(directory.find(DomainName.parse(d))).isEmpty();

        // Health and metrics stay open.
        json("{}").put("/api/gateways/" + d).then().statusCode(201);
        RestAssured.given().get(health + "/live").then().statusCode(200);
        RestAssured.given().get(metrics.toString()).then().statusCode(200).body(containsString("dequeue_config_changes"));
    }

    @Test
    void readinessReportsKafkaTheViewAndTheImport() {
        RestAssured.given().get(health + "/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("gateway-directory"))
                .body("checks.name", hasItem("gateway-import"))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    private static Map<String, String> errors(Response r) {
        List<Map<String, String>> list = r.jsonPath().getList("errors");
        return list.stream().collect(Collectors.toMap(e -> e.get("field"), e -> e.get("message"), (x, y) -> x + "; " + y,
                TreeMap::new));
    }

    /** Reads a raw gateway.config value the way every service does. */
    static final class ContractSerdesCheck {
        static GatewayRecord read(byte[] value) {
            return io.dequeue.model.serde.ContractSerdes.gatewayRecord().deserialize(Topics.GATEWAY_CONFIG, value);
        }
    }
}
