package io.dequeue.queue.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the running service serves is the committed {@code docs/openapi/queue-service.yaml};
 * {@code -Dopenapi.update=true} rewrites the file from the service instead. The problem answers it
 * documents are what the service answers.
 */
@QuarkusTest
@QuarkusTestResource(QueueTestResource.class)
class OpenApiDocumentTest {
    private static final Path COMMITTED = Path.of("..", "docs", "openapi", "queue-service.yaml");
    private static final String PROBLEM = "application/problem+json";

    private static JsonPath document;

    /** The served document as JSON, fetched once the application runs. */
    private static JsonPath document() {
        if (document == null) {
            document = given().queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().jsonPath();
        }
        return document;
    }

    private static String token() {
        return ConfigProvider.getConfig().getValue("dequeue.admin.token", String.class);
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = (given().queryParam("format", "yaml").get("/q/openapi")
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
        assertThat(paths).isNotEmpty();
        paths.forEach((path, operations) -> operations.forEach((method, op) -> {
            String where = method + " " + path;
            assertThat(path).startsWith("/api/");
            assertThat(op.get("summary")).as(where).isNotNull();
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            assertThat(responses).as(where).containsKeys("401", "500");
            assertThat(responses.keySet()).as(where).anyMatch(code -> code.startsWith("2"));
            for (String code : responses.keySet()) {
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(document().getString("paths.'" + path + "'." + method + ".responses.'" + code
                            + "'.content.'" + PROBLEM + "'.schema.'$ref'")).as(where + " " + code)
                            .isEqualTo("#/components/schemas/Problem");
                }
            }
        }));
        assertThat(document().getString("components.securitySchemes.adminToken.scheme")).isEqualTo("bearer");
        assertThat(document().getList("components.schemas.Problem.required")).contains("type", "title", "status");
    }

    @Test
    void theDocumentedProblemsAreWhatTheServiceAnswers() {
        answers("get", "/api/queues", given().get("/api/queues"), 401);
        answers("get", "/api/queues", given().auth().oauth2("wrong-token-0123456789").get("/api/queues"), 401);
        answers("get", "/api/queues/{domain}/messages",
                given().auth().oauth2(token()).get("/api/queues/not_a_domain!/messages"), 400);
        answers("get", "/api/queues/{domain}/messages",
                given().auth().oauth2(token()).queryParam("limit", 0).get("/api/queues/openapi.example/messages"), 400);
        answers("post", "/api/queues/{domain}/release",
                given().auth().oauth2(token()).post("/api/queues/no-gateway.openapi.example/release"), 404);
        answers("post", "/api/queues/{domain}/release", given().auth().oauth2(token()).contentType("application/json")
                .body("{\"target\": {\"mode\": \"requester-ip\"}}").post("/api/queues/openapi.example/release"), 422);
    }

    @Test
    void aWrongMethodIsAProblemThatNamesTheAllowedOnes() {
        given().auth().oauth2(token()).put("/api/queues").then().statusCode(405).contentType(PROBLEM)
                .header("Allow", "GET");
        given().auth().oauth2(token()).get("/api/queues/openapi.example/release").then().statusCode(405)
                .contentType(PROBLEM).header("Allow", "POST");
        given().auth().oauth2(token()).get("/api/queues/openapi.example/nothing-here").then().statusCode(404)
                .contentType(PROBLEM).body("type", org.hamcrest.Matchers.equalTo("about:blank"));
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

    /** The document as a tree: the order of an object's keys does not count (the generator's varies). */
    static JsonNode tree(String yaml) {
        try {
            return new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
