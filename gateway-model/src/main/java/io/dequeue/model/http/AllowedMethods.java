package io.dequeue.model.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods each path of the JAX-RS resources allows, read from their {@code @Path} and method
 * annotations: the {@code Allow} header of a 405 (the REST layer's {@code NotAllowedException}
 * carries none). A template part such as {@code {domain}} matches any one path segment.
 */
public final class AllowedMethods {
    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Comparator<String> CANONICAL =
            Comparator.comparingInt(AllowedMethods::rank).thenComparing(Comparator.naturalOrder());

    private final Map<List<String>, Set<String>> byTemplate;

    private AllowedMethods(Map<List<String>, Set<String>> byTemplate) {
        this.byTemplate = byTemplate;
    }

    /** The allowed methods of the resource classes (classes without {@code @Path} are skipped). */
    public static AllowedMethods of(Collection<Class<?>> resources) {
        Map<List<String>, Set<String>> map = new LinkedHashMap<>();
        for (Class<?> c : resources) {
            Path root = c.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : c.getMethods()) {
                String method = httpMethod(m);
                if (method == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                List<String> template = segments(root.value() + "/" + (sub == null ? "" : sub.value()));
                map.computeIfAbsent(template, t -> new TreeSet<>(CANONICAL)).add(method);
            }
        }
        return new AllowedMethods(map);
    }

    /** The {@code Allow} value of a path, such as {@code GET, PUT}; empty when no resource has the path. */
    public String forPath(String path) {
        List<String> parts = segments(path);
        Set<String> allowed = new TreeSet<>(CANONICAL);
        byTemplate.forEach((template, methods) -> {
            if (matches(template, parts)) {
                allowed.addAll(methods);
            }
        });
        return String.join(", ", allowed);
    }

    private static boolean matches(List<String> template, List<String> parts) {
        if (template.size() != parts.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            boolean variable = t.startsWith("{") && t.endsWith("}");
            if (!variable && !t.equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> segments(String path) {
        List<String> r = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                r.add(s);
            }
        }
        return r;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    private static int rank(String method) {
        int i = ORDER.indexOf(method);
        return i < 0 ? ORDER.size() : i;
    }
}
