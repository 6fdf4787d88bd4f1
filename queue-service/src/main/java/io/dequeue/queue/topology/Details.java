package io.dequeue.queue.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small, flat lifecycle details: names with values, nulls left out. */
final class Details {
    private Details() {
    }

    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v != null) {
                m.put((String) namesAndValues[i], v instanceof Number || v instanceof Boolean ? v : v.toString());
            }
        }
        return m;
    }

    static Map<String, Object> clean(Map<String, Object> details) {
        if (details == null) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }
}
