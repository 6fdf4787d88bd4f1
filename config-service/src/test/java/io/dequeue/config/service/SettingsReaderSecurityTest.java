package io.dequeue.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST body and the import file are read by the same reader: weak passwords and ETRN that
 * anyone could point anywhere are refused by both, with the field that is wrong.
 */
class SettingsReaderSecurityTest {
    private static final DomainName D = DomainName.parse("client.example");

    private static JsonNode json(String s) {
        return Json.read(s, JsonNode.class);
    }

    private static List<String> apiErrors(String body) {
        return SettingsReader.fromApi(json(body), D).errors().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    private static List<String> fileErrors(String entry) {
        return SettingsReader.fromFile(json(entry), "gateways[0]").errors().stream()
                .map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void weakPasswordsAreRefusedByTheApiAndTheImport() {
        assertThat(apiErrors("{\"password\": \"changeme\"}")).singleElement().asString()
                .startsWith("password: must be at least 12");
        assertThat(apiErrors("{\"password\": \"Password123456\"}")).singleElement().asString()
                .startsWith("password: is too common").doesNotContain("Password123456");
        assertThat(apiErrors("{\"password\": \"client.example-2026\"}")).singleElement().asString()
                .startsWith("password: must not be built from the gateway's domain name");
        assertThat(fileErrors("{\"domain\": \"client.example\", \"password\": \"letmein12345\"}")).singleElement()
                .asString().startsWith("gateways[0].password: is too common");
        assertThat(apiErrors("{\"password\": \"vT8#qLm2!xZr9w\"}")).isEmpty();
        assertThat(apiErrors("{\"password\": null}")).isEmpty();
    }

    @Test
    void etrnWithoutAuthDeliveringToWhoeverAsksFromAnywhereIsRefused() {
        String open = "{\"etrn\": {\"enabled\": true, \"requireAuth\": false, \"deliverTo\": {\"mode\": \"requester-ip\"}}}";
        assertThat(apiErrors(open)).singleElement().asString().startsWith("etrn: requireAuth false with deliverTo 'requester-ip'");
        assertThat(fileErrors("{\"domain\": \"client.example\", \"etrn\": {\"enabled\": true, \"requireAuth\": false}}"))
                .singleElement().asString().startsWith("gateways[0].etrn: requireAuth false");
        // any one of: AUTH required, a configured host, an honor list, ETRN off
        assertThat(apiErrors("{\"etrn\": {\"enabled\": true, \"requireAuth\": true}}")).isEmpty();
        assertThat(apiErrors("{\"etrn\": {\"enabled\": true, \"requireAuth\": false, "
                + "\"deliverTo\": {\"mode\": \"host\", \"host\": \"mx.client.example\"}}}")).isEmpty();
        assertThat(apiErrors("{\"etrn\": {\"enabled\": true, \"requireAuth\": false}, "
                + "\"access\": {\"honor\": [\"192.0.2.0/24\"]}}")).isEmpty();
        assertThat(apiErrors("{\"etrn\": {\"enabled\": false, \"requireAuth\": false}}")).isEmpty();
    }
}
