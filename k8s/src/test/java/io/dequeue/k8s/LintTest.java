package io.dequeue.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm lint --strict} of every environment. helm-java's lint takes no values file, so the
 * chart is copied and the environment's values are merged into its values.yaml the way Helm
 * merges them (maps key by key, everything else replaced).
 */
class LintTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void strictLintOfEachEnvironmentPasses(String environment, @TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        Map<String, Object> values = read(chart.resolve("values.yaml"));
        merge(values, read(ChartRenderer.environment(environment)));
        YAML.writeValue(chart.resolve("values.yaml").toFile(), values);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("lint of %s: %s", environment, result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("lint messages of %s", environment)
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    /**
     * The chart as shipped lints too. Helm's lint does not report the fail guards (the admin
     * token Secret is missing from the defaults): GuardsTest renders them.
     */
    @Test
    void theChartAsShippedPassesStrictLint() {
        LintResult result = new Helm(ChartRenderer.chartDir()).lint().strict().call();

        assertThat(result.isFailed()).as("lint of the defaults: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    private static Path copyChart(Path tmp) throws IOException {
        Path src = ChartRenderer.chartDir();
        Path dst = tmp.resolve("dequeue");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dst;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        return YAML.readValue(file.toFile(), LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> base, Map<String, Object> override) {
        override.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && base.get(k) instanceof Map<?, ?> b) {
                merge((Map<String, Object>) b, (Map<String, Object>) m);
            } else {
                base.put(k, v);
            }
        });
    }
}
