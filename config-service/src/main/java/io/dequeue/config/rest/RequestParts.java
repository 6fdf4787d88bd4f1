package io.dequeue.config.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dequeue.config.service.ConfigProblem;
import io.dequeue.config.service.FieldError;
import io.dequeue.config.service.Precondition;
import io.dequeue.model.DomainName;
import io.dequeue.model.InvalidDomainNameException;
import io.dequeue.model.serde.Json;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parsing of the parts of a request: the domain in the path, the JSON body, the conditional headers. */
final class RequestParts {
    private static final ObjectMapper STRICT = Json.configure(JsonMapper.builder())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestParts() {
    }

    static DomainName domain(String text) {
        try {
            return DomainName.parse(text);
        } catch (InvalidDomainNameException e) {
            throw new ConfigProblem.Malformed("The path does not name a valid gateway domain.",
                    List.of(new FieldError("domain", e.reason())));
        }
    }

    /**
     * The JSON body as a tree. The message of a syntax error says where it is, never what is
     * there: the body may hold a password.
     */
    static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("the body is empty");
        }
        try {
            JsonNode node = STRICT.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "malformed JSON";
            throw malformed(what + where);
        } catch (IOException e) {
            throw malformed("the body cannot be read");
        }
    }

    private static ConfigProblem.Malformed malformed(String message) {
        return new ConfigProblem.Malformed("The body is not a JSON document.", List.of(new FieldError("body", message)));
    }

    /** The precondition of {@code If-Match} and {@code If-None-Match}; versions are entity tags like {@code "3"}. */
    static Precondition precondition(String ifMatch, String ifNoneMatch) {
        Set<Long> versions = null;
        boolean any = false;
        if (ifMatch != null && !ifMatch.isBlank()) {
            versions = new HashSet<>();
            for (String tag : ifMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*")) {
                    any = true;
                } else if (t.startsWith("W/")) {
                    // A weak tag never matches: If-Match uses the strong comparison (RFC 9110, 13.1.1).
                    continue;
                } else {
                    versions.add(version(t, "If-Match"));
                }
            }
        }
        boolean noneAny = false;
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw new ConfigProblem.Malformed("Only If-None-Match: * (create only) is supported on writes.",
                        List.of(new FieldError("If-None-Match", "must be *")));
            }
            noneAny = true;
        }
        return new Precondition(versions, any, noneAny);
    }

    private static long version(String tag, String header) {
        String t = tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            throw new ConfigProblem.Malformed("The " + header + " header is not a list of entity tags.",
                    List.of(new FieldError(header, "must be an entity tag like \"3\" (the gateway's version) or *")));
        }
        return Long.parseLong(t);
    }
}
