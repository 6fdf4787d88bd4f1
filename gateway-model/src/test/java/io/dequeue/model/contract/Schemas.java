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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the contract's JSON schemas from the class path and validates with format assertions on. */
public final class Schemas {
    /** Every schema file of {@code src/main/resources/schemas}, without {@code .schema.json}. */
    public static final List<String> ALL = List.of("gateway-record", "envelope", "release-target", "dequeue-request",
            "edge-reply", "delivery-outcome", "queue-usage", "lifecycle-event");

    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    public static String resource(String name) {
        return "schemas/" + name + ".schema.json";
    }

    public static JsonSchema get(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            JsonSchema s = FACTORY.getSchema(SchemaLocation.of("classpath:" + resource(n)), CONFIG);
            s.initializeValidators();
            return s;
        });
    }

    public static Set<ValidationMessage> validate(String name, JsonNode value) {
        return get(name).validate(value);
    }

    /** The 2020-12 meta-schema (shipped inside the validator, no network). */
    public static JsonSchema metaSchema() {
        return CACHE.computeIfAbsent("$meta", n -> FACTORY.getSchema(SchemaLocation.of(DRAFT_2020_12), CONFIG));
    }

    /** The raw JSON of a schema file. */
    public static JsonNode tree(String name) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource(name))) {
            if (in == null) {
                throw new IllegalStateException("no schema on the class path: " + resource(name));
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
