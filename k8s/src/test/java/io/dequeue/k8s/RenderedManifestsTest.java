package io.dequeue.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests committed in environments/rendered/ are exactly what the chart renders from
 * environments/*.yaml today, so a change of the chart shows up as a diff of them in review.
 * Regenerate them with {@code mvn -o -pl k8s -am test -Dtest=RenderedManifestsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dk8s.render.update=true}.
 */
class RenderedManifestsTest {
    static String header(String environment) {
        return "# Rendered from k8s/environments/" + environment + ".yaml (release \"" + ChartRenderer.RELEASE
                + "\", namespace \"" + ChartRenderer.NAMESPACE + "\"). Do not edit: regenerate with\n"
                + "# mvn -o -pl k8s -am test -Dtest=RenderedManifestsTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dk8s.render.update=true\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void committedManifestsEqualAFreshRender(String environment) throws IOException {
        String fresh = header(environment) + ChartRenderer.renderEnvironment(environment);
        Path committed = ChartRenderer.renderedFile(environment);
        if (Boolean.getBoolean("k8s.render.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, fresh);
        }
        assertThat(committed).as("committed render of %s (regenerate with -Dk8s.render.update=true)", environment)
                .exists();
        assertThat(Files.readString(committed))
                .as("%s differs from a fresh render of environments/%s.yaml; regenerate it with -Dk8s.render.update=true",
                        committed, environment)
                .isEqualTo(fresh);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentRendersTheFourServices(String environment) {
        Manifests m = Manifests.parse(ChartRenderer.renderEnvironment(environment));
        assertThat(m.names()).contains("StatefulSet/dequeue-edge", "StatefulSet/dequeue-queue",
                "Deployment/dequeue-delivery", "Deployment/dequeue-config");
    }
}
