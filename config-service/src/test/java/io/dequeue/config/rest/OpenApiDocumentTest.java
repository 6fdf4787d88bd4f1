package io.dequeue.config.rest;

import io.dequeue.localkafka.LocalKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.dequeue.config.Api.admin;
import static io.dequeue.config.Api.domain;
import static io.dequeue.config.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the running service serves is the committed {@code docs/openapi/config-service.yaml};
 * {@code -Dopenapi.update=true} rewrites the file from the service instead. The problem answers it
 * documents are what the service answers.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
@Order(1)
class OpenApiDocumentTest {
    private static final Path COMMITTED = Path.of("..", "docs", "openapi", "config-service.yaml");
    private static final String PROBLEM = "application/problem+json";
    private static final String BAD_MODE = "{\"etrn\": {\"deliverTo\": {\"mode\": \"elsewhere\"}}}";

    private static JsonPath document;

    /** The served document as JSON, fetched once the application runs. */
    private static JsonPath document() {
        if (document == null) {
            document = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().jsonPath();
        }
        return document;
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = (RestAssured.given().queryParam("format", "yaml").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertThat(COMMITTED).as("run mvn test -Dtest=OpenApiDocumentTest -Dopenapi.update=true to write it").exists();
        assertThat(tree(served)).as("%s differs from what the service serves; after a deliberate API change run "
                + "mvn verify -Dtest=OpenApiDocumentTest -Dopenapi.update=true and commit the file", COMMITTED)
                .isEqualTo(tree(Files.readString(COMMITTED, StandardCharsets.UTF_8)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationIsDocumentedWithItsProblemsAndTheToken() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        assertThat(paths).containsOnlyKeys("/api/gateways", "/api/gateways/{domain}");
        paths.forEach((path, operations) -> operations.forEach((method, op) -> {
            String where = method + " " + path;
            assertThat(op.get("summary")).as(where).isNotNull();
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            assertThat(responses).as(where).containsKeys("401", "500");
            assertThat(responses.keySet()).as(where).anyMatch(code -> code.startsWith("2"));
            responses.forEach((code, r) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(document().getString(ref(path, method, code)))
                            .as(where + " " + code).isEqualTo("#/components/schemas/Problem");
                }
            });
        }));
        assertThat(document().getString("components.securitySchemes.adminToken.scheme")).isEqualTo("bearer");
        assertThat(document().getList("security[0].adminToken")).isEmpty();
        assertThat(document().getList("components.schemas.Problem.required")).contains("type", "title", "status");
    }

    @Test
    void theDocumentedProblemsAreWhatTheServiceAnswers() {
        String d = domain("openapi");
        json("{}").put("/api/gateways/" + d).then().statusCode(201);
        answers("get", "/api/gateways", RestAssured.given().get("/api/gateways"), 401);
        answers("get", "/api/gateways/{domain}", admin().get("/api/gateways/" + domain("openapi-missing")), 404);
        answers("get", "/api/gateways/{domain}", admin().get("/api/gateways/-bad-.example"), 400);
        answers("put", "/api/gateways/{domain}", json(BAD_MODE).put("/api/gateways/" + d), 422);
        answers("put", "/api/gateways/{domain}", json("{}").header("If-Match", "\"99\"").put("/api/gateways/" + d), 412);
        answers("patch", "/api/gateways/{domain}", json(BAD_MODE).patch("/api/gateways/" + d), 422);
        answers("delete", "/api/gateways/{domain}", admin().header("If-Match", "\"99\"").delete("/api/gateways/" + d), 412);
        answers("delete", "/api/gateways/{domain}", admin().delete("/api/gateways/" + domain("openapi-missing")), 404);
    }

    /** The answer has the status and a media type the document lists for that operation and status. */
    private static void answers(String method, String path, Response r, int status) {
        r.then().statusCode(status).contentType(PROBLEM);
        Map<String, Object> content = document().getMap(
                "paths.'" + path + "'." + method + ".responses.'" + status + "'.content");
        assertThat(content).as("%s %s %d is documented", method, path, status).containsKey(PROBLEM);
        assertThat(r.jsonPath().getString("type")).as("a problem type").isNotBlank();
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String ref(String path, String method, String code) {
        return "paths.'" + path + "'." + method + ".responses.'" + code + "'.content.'" + PROBLEM + "'.schema.'$ref'";
    }

    /** The document as a tree: the order of an object's keys does not count (the generator's varies). */
    static JsonNode tree(String yaml) {
        try {
            return new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
