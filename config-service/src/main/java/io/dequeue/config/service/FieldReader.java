package io.dequeue.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.Locale;

/**
 * Reads typed values out of a JSON tree field by field, collecting one {@link FieldError} per
 * invalid field instead of stopping at the first. Every method returns null for an absent or
 * JSON-null field and for an invalid one (after recording the error).
 */
final class FieldReader {
    private final List<FieldError> errors;

    FieldReader(List<FieldError> errors) {
        this.errors = errors;
    }

    static String path(String parent, String name) {
        return parent == null || parent.isEmpty() ? name : parent + "." + name;
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    int errorCount() {
        return errors.size();
    }

    /**
     * The object at {@code path}, after reporting each field that is neither in {@code known} nor
     * in {@code ignored}; null when absent, JSON null, or not an object.
     */
    ObjectNode object(JsonNode node, String path, Set<String> known, Set<String> ignored) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            error(path, "must be an object, not " + describe(node));
            return null;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name) && !ignored.contains(name)) {
                String suggestion = closest(name, known);
                String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
                error(path(path, shown), "unknown field" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
            }
        }
        return (ObjectNode) node;
    }

    Boolean bool(ObjectNode o, String name, String parent) {
        JsonNode n = o.get(name);
        if (absent(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            error(path(parent, name), "must be true or false, not " + describe(n));
            return null;
        }
        return n.booleanValue();
    }

    /** An integer in {@code [min, max]}; {@code range} says the allowed values in the error message. */
    Long integer(ObjectNode o, String name, String parent, long min, long max, String range) {
        JsonNode n = o.get(name);
        if (absent(n)) {
            return null;
        }
        String field = path(parent, name);
        if (!n.isNumber()) {
            error(field, "must be an integer, not " + describe(n));
            return null;
        }
        if (!n.isIntegralNumber()) {
            error(field, "must be a whole number (" + range + ")");
            return null;
        }
        if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            error(field, "out of range: " + range);
            return null;
        }
        return n.longValue();
    }

    String text(ObjectNode o, String name, String parent) {
        JsonNode n = o.get(name);
        if (absent(n)) {
            return null;
        }
        if (!n.isTextual()) {
            error(path(parent, name), "must be a string, not " + describe(n));
            return null;
        }
        return n.textValue();
    }

    /** A positive ISO-8601 duration such as {@code P7D} or {@code PT12H}. */
    Duration duration(ObjectNode o, String name, String parent) {
        String s = text(o, name, parent);
        if (s == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(s.strip());
        } catch (DateTimeParseException e) {
            error(path(parent, name), "must be an ISO-8601 duration such as P7D or PT12H");
            return null;
        }
        if (d.isNegative() || d.isZero()) {
            error(path(parent, name), "must be longer than zero");
            return null;
        }
        return d;
    }

    /**
     * A list of strings, each converted by {@code element} (text, element path) which returns null
     * after recording an error; null when absent or when any element is invalid.
     */
    <T> List<T> list(ObjectNode o, String name, String parent, BiFunction<String, String, T> element) {
        JsonNode n = o.get(name);
        if (absent(n)) {
            return null;
        }
        String field = path(parent, name);
        if (!n.isArray()) {
            error(field, "must be an array, not " + describe(n));
            return null;
        }
        int before = errors.size();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String ep = field + "[" + i + "]";
            if (!e.isTextual()) {
                error(ep, "must be a string, not " + describe(e));
                continue;
            }
            T v = element.apply(e.textValue(), ep);
            if (v != null) {
                out.add(v);
            }
        }
        return errors.size() == before ? out : null;
    }

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** The JSON type of a node, for messages (never its value: it may be a secret). */
    static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    /** The known name closest to an unknown one (edit distance at most 2), for "did you mean". */
    static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
