package io.dequeue.config.importer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dequeue.config.service.FieldError;
import io.dequeue.config.service.PasswordChange;
import io.dequeue.config.service.Secrets;
import io.dequeue.config.service.SettingsReader;
import io.dequeue.model.DomainName;
import io.dequeue.model.settings.GatewaySettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the declarative import file:
 *
 * <pre>
 * gateways:
 *   - domain: example.net
 *     etrn: { enabled: true, deliverTo: { mode: host, host: "[mx.example.net]" } }
 *     password: ${EXAMPLE_NET_PASSWORD}
 * </pre>
 *
 * <p>Each entry has the fields of the REST body plus a required {@code domain}. A password is a
 * reference {@code ${NAME}} to an environment variable (a Kubernetes Secret); a missing variable
 * is an error that names the variable. The whole file is checked before anything is applied.
 */
public final class ImportFileReader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One gateway the file declares. */
    public record Declared(GatewaySettings settings, PasswordChange password) {
        public DomainName domain() {
            return settings.domain();
        }
    }

    /** The file is unusable; every error names a field (or the file) and never a secret. */
    public static final class InvalidFile extends RuntimeException {
        private final List<FieldError> errors;

        public InvalidFile(Path file, List<FieldError> errors) {
            super("import file " + file + " is invalid: " + errors.size() + " error(s)", null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    private final Function<String, Optional<String>> variables;

    /** @param variables looks up the value of a {@code ${NAME}} reference (the environment, in production) */
    public ImportFileReader(Function<String, Optional<String>> variables) {
        this.variables = variables;
    }

    public List<Declared> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidFile(file, List.of(new FieldError("(file)", "does not exist")));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a key appears twice" : "not valid YAML";
            throw new InvalidFile(file, List.of(new FieldError("(file)", what + where)));
        } catch (IOException e) {
            throw new InvalidFile(file, List.of(new FieldError("(file)", "cannot be read: " + e.getClass().getSimpleName())));
        }
        return read(file, root);
    }

    List<Declared> read(Path file, JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new InvalidFile(file, List.of(new FieldError("(file)",
                    "is empty; write 'gateways: []' to declare that there are none")));
        }
        if (!root.isObject()) {
            throw new InvalidFile(file, List.of(new FieldError("(file)", "must be a mapping with a 'gateways' list")));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("gateways")) {
                errors.add(new FieldError(name, "unknown field (the file has one key: gateways)"));
            }
        }
        JsonNode list = root.get("gateways");
        if (list == null || list.isNull()) {
            errors.add(new FieldError("gateways", "is required (a list, possibly empty)"));
            throw new InvalidFile(file, errors);
        }
        if (!list.isArray()) {
            errors.add(new FieldError("gateways", "must be a list"));
            throw new InvalidFile(file, errors);
        }
        List<Declared> out = new ArrayList<>();
        Map<DomainName, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "gateways[" + i + "]";
            JsonNode entry = list.get(i);
            DomainName domain = domainOf(entry);
            if (domain != null) {
                Integer first = seen.putIfAbsent(domain, i);
                if (first != null) {
                    errors.add(new FieldError(at + ".domain", "declares " + domain + " again (first at gateways["
                            + first + "])"));
                    continue;
                }
            }
            SettingsReader.Result r = SettingsReader.fromFile(resolvePassword(entry, at, errors), at);
            if (!r.valid()) {
                errors.addAll(r.errors());
                continue;
            }
            out.add(new Declared(r.settings(), r.password()));
        }
        if (!errors.isEmpty()) {
            out.forEach(d -> Secrets.forget(d.password()));
            throw new InvalidFile(file, errors);
        }
        return out;
    }

    private static DomainName domainOf(JsonNode entry) {
        JsonNode d = entry == null ? null : entry.get("domain");
        return d != null && d.isTextual() && DomainName.isValid(d.textValue()) ? DomainName.parse(d.textValue()) : null;
    }

    /** A copy of the entry whose {@code password: ${NAME}} is replaced by the variable's value. */
    private JsonNode resolvePassword(JsonNode entry, String at, List<FieldError> errors) {
        if (entry == null || !entry.isObject() || !entry.has("password") || !entry.get("password").isTextual()) {
            return entry;
        }
        String field = at + ".password";
        String text = entry.get("password").textValue();
        Matcher m = VARIABLE.matcher(text.strip());
        ObjectNode copy = ((ObjectNode) entry).deepCopy();
        if (m.matches()) {
            String name = m.group(1);
            Optional<String> value = variables.apply(name);
            if (value.isEmpty()) {
                errors.add(new FieldError(field, "environment variable " + name + " is not set"));
                copy.remove("password");
            } else if (value.get().isEmpty()) {
                errors.add(new FieldError(field, "environment variable " + name + " is empty"));
                copy.remove("password");
            } else {
                copy.put("password", value.get());
            }
        } else if (text.contains("${")) {
            errors.add(new FieldError(field, "must be a whole reference like ${GATEWAY_PASSWORD}, nothing around it"));
            copy.remove("password");
        } else {
            errors.add(new FieldError(field, "must reference an environment variable like ${GATEWAY_PASSWORD}; "
                    + "a clear password does not belong in this file"));
            copy.remove("password");
        }
        return copy;
    }
}
