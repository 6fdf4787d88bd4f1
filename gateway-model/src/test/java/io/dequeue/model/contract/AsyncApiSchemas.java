package io.dequeue.model.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dequeue.model.serde.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON Schema validation for the AsyncAPI document: the document against the official AsyncAPI
 * 3.0.0 JSON Schema (draft-07, kept in {@code src/test/resources/asyncapi/}), and records' headers
 * and keys against the schemas the document declares for them.
 */
final class AsyncApiSchemas {
    /** The AsyncAPI 3.0.0 JSON Schema on the test class path; see the README next to it. */
    static final String SPEC_SCHEMA = "asyncapi/asyncapi-3.0.0.schema.json";

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final JsonSchemaFactory DRAFT_07 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final JsonSchemaFactory DRAFT_2020_12 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static JsonSchema spec;

    private AsyncApiSchemas() {
    }

    /** The messages of validating {@code document} against the AsyncAPI 3.0.0 JSON Schema; empty when valid. */
    static List<String> validateDocument(JsonNode document) {
        return messages(spec().validate(document));
    }

    private static synchronized JsonSchema spec() {
        if (spec == null) {
            spec = DRAFT_07.getSchema(SchemaLocation.of("classpath:" + SPEC_SCHEMA), CONFIG);
            spec.initializeValidators();
        }
        return spec;
    }

    /** Validates a record's headers (names to UTF-8 values) against a message's headers schema (draft-07, as AsyncAPI schemas are). */
    static List<String> validateHeaders(JsonNode headersSchema, JsonNode headers) {
        return messages(DRAFT_07.getSchema(headersSchema, CONFIG).validate(headers));
    }

    /**
     * Validates a record key against the document's key schema, a {@code $ref} (relative to the
     * document's directory) to a definition in one of the contract's JSON Schema files.
     */
    static List<String> validateKey(Path docs, JsonNode keySchema, String key) {
        if (keySchema == null || !keySchema.path("$ref").isTextual()) {
            return List.of("the key schema is not a $ref");
        }
        String ref = keySchema.path("$ref").asText();
        int hash = ref.indexOf('#');
        Path file = docs.resolve(hash < 0 ? ref : ref.substring(0, hash)).normalize();
        JsonNode target;
        try {
            target = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("key schema " + ref, e);
        }
        if (hash >= 0) {
            target = target.at(ref.substring(hash + 1));
        }
        if (target.isMissingNode()) {
            return List.of("the key schema " + ref + " does not resolve");
        }
        return messages(DRAFT_2020_12.getSchema(target, CONFIG).validate(Json.mapper().getNodeFactory().textNode(key)));
    }

    private static List<String> messages(java.util.Set<ValidationMessage> set) {
        return set.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
