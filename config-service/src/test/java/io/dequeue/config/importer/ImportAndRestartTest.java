package io.dequeue.config.importer;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.dequeue.config.Api;
import io.dequeue.config.service.FieldError;
import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.dequeue.config.Api.admin;
import static io.dequeue.config.Api.domain;
import static io.dequeue.config.Api.json;
import static io.dequeue.config.importer.ImportProfile.A;
import static io.dequeue.config.importer.ImportProfile.B;
import static io.dequeue.config.importer.ImportProfile.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * A second start of the service (a test profile: Quarkus restarts, the broker does not) with a
 * declarative import file: the topic rebuilt view still holds what was created before, and the
 * file is reconciled into the topic.
 */
@QuarkusTest
@TestProfile(ImportProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2) // after GatewayApiTest (the pom makes class @Order decide the order of Quarkus test groups)
class ImportAndRestartTest {
    /** Health and metrics: the management interface (a port of its own), under its root path /q. */
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @Inject
    GatewayImport gatewayImport;

    @Inject
    GatewayDirectory directory;

    private static final String OWNER = GatewayReconciler.ownerOf(ImportProfile.file());

    @Test
    @Order(1)
    void gatewaysCreatedBeforeTheRestartAreStillThere() {
        // Created by GatewayApiTest in the previous Quarkus run (test classes without a profile run first).
        String earlier = domain("restart-check");
        admin().get("/api/gateways").then().statusCode(200).body("domain", hasItem(earlier));
        admin().get("/api/gateways/" + earlier).then().statusCode(200).body("managedBy", equalTo("api"));
    }

    @Test
    @Order(2)
    void theFileIsImportedAtStart() {
        await().atMost(Duration.ofSeconds(30)).until(() -> gatewayImport.status().state() == ImportStatus.State.APPLIED);
        admin().get("/api/gateways/" + A).then().statusCode(200)
                .body("managedBy", equalTo(OWNER))
                .body("version", is(1))
                .body("etrn.enabled", is(true))
                .body("etrn.port", is(2525))
                .body("passwordSet", is(false));
        admin().get("/api/gateways/" + B).then().statusCode(200)
                .body("managedBy", equalTo(OWNER))
                .body("atrn.singleSession", is(true))
                .body("passwordSet", is(true));
        GatewayRecord b = record(B);
        assertThat(b.secret().verifyPassword(ImportProfile.PASSWORD.toCharArray())).isTrue();
        assertThat(b.secret().cramMd5()).isNotNull();
        RestAssured.given().get(health + "/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(3)
    void importingTheSameFileAgainChangesNothing() {
        String hashBefore = record(B).secret().pbkdf2().encoded();
        ImportStatus s = gatewayImport.importNow(ImportProfile.file());
        assertThat(s.state()).isEqualTo(ImportStatus.State.APPLIED);
        assertThat(s.detail()).contains("0 created, 0 updated, 0 deleted, 2 unchanged");
        assertThat(record(A).version()).isEqualTo(1);
        assertThat(record(B).version()).isEqualTo(1);
        assertThat(record(B).secret().pbkdf2().encoded()).isEqualTo(hashBefore);
    }

    @Test
    @Order(4)
    void reconcilingCreatesUpdatesAndDeletesOnlyItsOwn() throws Exception {
        String apiOwned = domain("imp-api");
        String otherFiles = domain("imp-other");
        json("{}").put("/api/gateways/" + apiOwned).then().statusCode(201);
        Path other = ImportProfile.file().resolveSibling("other.yaml");
        Files.writeString(other, "gateways:\n  - domain: " + otherFiles + "\n");
        assertThat(gatewayImport.importNow(other).state()).isEqualTo(ImportStatus.State.APPLIED);
        assertThat(record(otherFiles).managedBy()).isEqualTo("yaml:other.yaml");

        // A changes, B is no longer listed, C is new.
        write("""
                gateways:
                  - domain: %s
                    etrn: {enabled: true, port: 2626}
                  - domain: %s
                    quotas: {maxMessages: 100}
                    maxHoldTime: P3D
                """.formatted(A, C));
        ImportStatus s = gatewayImport.importNow(ImportProfile.file());
        assertThat(s.detail()).contains("1 created, 1 updated, 1 deleted, 0 unchanged");
        assertThat(record(A).version()).isEqualTo(2);
        assertThat(record(A).settings().etrn().port()).isEqualTo(2626);
        assertThat(find(B)).isEmpty();
        assertThat(record(C).version()).isEqualTo(1);
        assertThat(record(C).settings().maxHoldTime()).isEqualTo(Duration.ofDays(3));
        assertThat(record(C).managedBy()).isEqualTo(OWNER);
        // Neither the API's gateway nor the other file's was touched.
        assertThat(record(apiOwned).version()).isEqualTo(1);
        assertThat(record(apiOwned).managedBy()).isEqualTo("api");
        assertThat(record(otherFiles).version()).isEqualTo(1);

        // A gateway the file lists is taken over by it, even one created through the API.
        write("""
                gateways:
                  - domain: %s
                    etrn: {enabled: true, port: 2626}
                  - domain: %s
                    quotas: {maxMessages: 100}
                    maxHoldTime: P3D
                  - domain: %s
                """.formatted(A, C, apiOwned));
        assertThat(gatewayImport.importNow(ImportProfile.file()).detail()).contains("0 created, 1 updated, 0 deleted, 2 unchanged");
        assertThat(record(apiOwned).managedBy()).isEqualTo(OWNER);
    }

    @Test
    @Order(5)
    void aPasswordIsHashedAgainOnlyWhenItChanges() throws Exception {
        String declared = """
                gateways:
                  - domain: %s
                    cramMd5: false
                    password: ${%s}
                """;
        write(declared.formatted(C, ImportProfile.PASSWORD_VARIABLE));
        assertThat(gatewayImport.importNow(ImportProfile.file()).state()).isEqualTo(ImportStatus.State.APPLIED);
        GatewayRecord first = record(C);
        assertThat(first.secret().verifyPassword(ImportProfile.PASSWORD.toCharArray())).isTrue();
        assertThat(first.secret().cramMd5()).isNull();

        gatewayImport.importNow(ImportProfile.file());
        assertThat(record(C).version()).isEqualTo(first.version());
        assertThat(record(C).secret().pbkdf2().encoded()).isEqualTo(first.secret().pbkdf2().encoded());

        // The secret behind the variable was rotated: the file's password no longer verifies.
        write(declared.formatted(C, ImportProfile.ROTATED_VARIABLE));
        gatewayImport.importNow(ImportProfile.file());
        GatewayRecord rotated = record(C);
        assertThat(rotated.version()).isEqualTo(first.version() + 1);
        assertThat(rotated.secret().verifyPassword(ImportProfile.ROTATED.toCharArray())).isTrue();
        assertThat(rotated.secret().verifyPassword(ImportProfile.PASSWORD.toCharArray())).isFalse();
    }

    @Test
    @Order(6)
    void anInvalidFileIsReportedByFieldAndNothingIsApplied() throws Exception {
        Map<String, Long> versionsBefore = directory.all().stream()
                .collect(Collectors.toMap(g -> g.settings().domain().value(), GatewayRecord::version));
        write("""
                gateways:
                  - domain: %s
                    etrn: {enabled: true, prot: 2525}
                  - domain: %s
                    access: {honor: [10.0.0.0/33]}
                    password: ${DEQUEUE_TEST_VARIABLE_THAT_IS_NOT_SET}
                  - domain: "-not-a-domain-"
                  - etrn: {enabled: true}
                  - domain: %s
                """.formatted(A, domain("imp-new"), A));
        ImportStatus s = gatewayImport.importNow(ImportProfile.file());
        assertThat(s.state()).isEqualTo(ImportStatus.State.INVALID);
        Map<String, String> errors = s.errors().stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (x, y) -> x + "; " + y));
        assertThat(errors).containsOnlyKeys("gateways[0].etrn.prot", "gateways[1].access.honor[0]",
                "gateways[1].password", "gateways[2].domain", "gateways[3].domain", "gateways[4].domain");
        assertThat(errors.get("gateways[1].password")).contains("DEQUEUE_TEST_VARIABLE_THAT_IS_NOT_SET");
        assertThat(errors.get("gateways[4].domain")).contains("gateways[0]");
        assertThat(find(domain("imp-new"))).isEmpty();
        assertThat(directory.all().stream()
                .collect(Collectors.toMap(g -> g.settings().domain().value(), GatewayRecord::version)))
                .isEqualTo(versionsBefore);
        RestAssured.given().get(health + "/ready").then().statusCode(503)
                .body("checks.find { it.name == 'gateway-import' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'gateway-import' }.data.state", equalTo("invalid"));

        // A clear password in the file is refused; the variable's value never appears in a message.
        write("gateways:\n  - domain: " + A + "\n    password: hunter2\n");
        ImportStatus clear = gatewayImport.importNow(ImportProfile.file());
        assertThat(clear.errors()).extracting(FieldError::field).containsExactly("gateways[0].password");
        assertThat(clear.errors().toString()).doesNotContain("hunter2");
        write("gateways: [{domain: " + A + ", password: '${" + ImportProfile.PASSWORD_VARIABLE + "}'}, {domain: x.example, etrn: {port: '25'}}]");
        assertThat(gatewayImport.importNow(ImportProfile.file()).errors().toString()).doesNotContain(ImportProfile.PASSWORD);
        write("gateways:\n  - domain: [unclosed\n");
        assertThat(gatewayImport.importNow(ImportProfile.file()).errors()).extracting(FieldError::field).containsExactly("(file)");
        write("");
        assertThat(gatewayImport.importNow(ImportProfile.file()).errors()).extracting(FieldError::message)
                .anySatisfy(m -> assertThat(m).contains("gateways: []"));

        // Fixing the file makes the service ready again.
        write("""
                gateways:
                  - domain: %s
                    etrn: {enabled: true, port: 2626}
                """.formatted(A));
        assertThat(gatewayImport.importNow(ImportProfile.file()).state()).isEqualTo(ImportStatus.State.APPLIED);
        RestAssured.given().get(health + "/ready").then().statusCode(200);
    }

    private static void write(String yaml) throws java.io.IOException {
        Files.writeString(ImportProfile.file(), yaml);
    }

    private Optional<GatewayRecord> find(String domain) {
        return directory.find(DomainName.parse(domain));
    }

    private GatewayRecord record(String domain) {
        return find(domain).orElseThrow(() -> new AssertionError("no gateway " + domain));
    }

    static String token() {
        return Api.token();
    }
}
