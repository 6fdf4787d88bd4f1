package io.dequeue.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key of values.yaml is in the values table of k8s/README.md (itself or an enclosing object). */
class ValuesDocTest {
    @Test
    void everyValueIsDocumentedInTheReadme() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(ChartRenderer.chartDir().resolve("values.yaml").toFile());
        String readme = Files.readString(ChartRenderer.k8sDir().resolve("README.md"));
        List<String> leaves = new ArrayList<>();
        collect(values, "", leaves);
        assertThat(leaves).hasSizeGreaterThan(100);
        List<String> undocumented = leaves.stream().filter(path -> !documented(path, readme)).toList();
        assertThat(undocumented).as("values without a row in k8s/README.md's values table").isEmpty();
    }

    private static boolean documented(String path, String readme) {
        for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            if (readme.contains("| `" + p + "` |")) {
                return true;
            }
        }
        return false;
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else {
            out.add(prefix);
        }
    }
}
