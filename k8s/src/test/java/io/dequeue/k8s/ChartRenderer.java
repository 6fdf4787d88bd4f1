package io.dequeue.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the chart with Helm (helm-java) the way the committed manifests are rendered. */
final class ChartRenderer {
    /** Release name and namespace of every render, so that the output is reproducible. */
    static final String RELEASE = "dequeue";
    static final String NAMESPACE = "dequeue";
    static final String KUBE_VERSION = "1.30.0";

    private ChartRenderer() {
    }

    /** The k8s module folder (the surefire configuration passes it; the working directory otherwise). */
    static Path k8sDir() {
        String dir = System.getProperty("k8s.dir");
        return dir == null || dir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }

    static Path chartDir() {
        return k8sDir().resolve("charts/dequeue");
    }

    static Path environment(String name) {
        return k8sDir().resolve("environments").resolve(name + ".yaml");
    }

    static Path renderedFile(String environment) {
        return k8sDir().resolve("environments/rendered").resolve(environment + ".yaml");
    }

    /** The test base values (src/test/resources/base-values.yaml). */
    static Path baseValues() {
        try {
            return Path.of(ChartRenderer.class.getResource("/base-values.yaml").toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders with an environment file. */
    static String renderEnvironment(String environment) {
        return template(environment(environment), Map.of());
    }

    /** Renders with the test base values plus these --set values. */
    static String renderBase(Map<String, Object> sets) {
        return template(baseValues(), sets);
    }

    /** Renders with the test base values plus these --set values, read back as objects. */
    static Manifests base(Map<String, Object> sets) {
        return Manifests.parse(renderBase(sets));
    }

    static Manifests base() {
        return base(Map.of());
    }

    static Map<String, Object> sets(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static String template(Path valuesFile, Map<String, Object> sets) {
        return template(valuesFile, sets, KUBE_VERSION);
    }

    static String template(Path valuesFile, Map<String, Object> sets, String kubeVersion) {
        if (!Files.isRegularFile(valuesFile)) {
            throw new IllegalArgumentException("no values file " + valuesFile);
        }
        TemplateCommand t = new Helm(chartDir()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(kubeVersion)
                .withValuesFile(valuesFile);
        sets.forEach(t::set);
        return t.call();
    }
}
