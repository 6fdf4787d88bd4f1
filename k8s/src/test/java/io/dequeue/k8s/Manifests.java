package io.dequeue.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The documents of one render, read back as typed objects (fabric8 Kubernetes model, Strimzi api). */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** One rendered document. */
    record Doc(String kind, String name, JsonNode node) {
    }

    private final List<Doc> docs;

    private Manifests(List<Doc> docs) {
        this.docs = docs;
    }

    static Manifests parse(String yaml) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n == null || n.isNull() || n.isMissingNode() || n.isEmpty()) {
                    continue;
                }
                docs.add(new Doc(n.path("kind").asText(), n.path("metadata").path("name").asText(), n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the render is not YAML", e);
        }
        return new Manifests(docs);
    }

    List<Doc> docs() {
        return docs;
    }

    List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    <T> List<T> all(String kind, Class<T> type) {
        return ofKind(kind).stream().map(d -> convert(d, type)).toList();
    }

    <T> T one(String kind, String name, Class<T> type) {
        return ofKind(kind).stream().filter(d -> d.name().equals(name)).findFirst()
                .map(d -> convert(d, type))
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " in " + names()));
    }

    boolean has(String kind, String name) {
        return ofKind(kind).stream().anyMatch(d -> d.name().equals(name));
    }

    /** kind/name of every document, in render order. */
    List<String> names() {
        return docs.stream().map(d -> d.kind() + "/" + d.name()).toList();
    }

    /** The pod template of every workload (Deployment, StatefulSet, Job), by "kind/name". */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> m = new LinkedHashMap<>();
        all("Deployment", Deployment.class).forEach(d -> m.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate()));
        all("StatefulSet", StatefulSet.class).forEach(s -> m.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate()));
        all("Job", Job.class).forEach(j -> m.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return m;
    }

    private static <T> T convert(Doc d, Class<T> type) {
        try {
            return YAML.treeToValue(d.node(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + d.kind() + "/" + d.name() + " as " + type.getSimpleName(), e);
        }
    }
}
