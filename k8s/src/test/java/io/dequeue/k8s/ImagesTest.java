package io.dequeue.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' container builds match what the chart expects: a non-root user 185, the Quarkus
 * fast-jar in /deployments (the chart mounts config/application.properties there), nothing
 * downloaded while building, and the Jib opt-in naming the image dequeue/&lt;service&gt;.
 */
class ImagesTest {
    private static Path module(String service) {
        return ChartRenderer.k8sDir().resolveSibling(service);
    }

    private static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("pom property %s", name).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "queue-service", "delivery-service", "smtp-edge"})
    void theDockerfileRunsTheFastJarAsUser185WithoutDownloadingAnything(String service) throws IOException {
        List<String> lines = Files.readAllLines(module(service).resolve("src/main/docker/Dockerfile.jvm")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String pom = Files.readString(module(service).resolve("pom.xml"));

        assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).singleElement()
                .isEqualTo("FROM " + pomProperty(pom, "quarkus.jib.base-jvm-image"));
        assertThat(lines).as("no RUN step: nothing is downloaded or installed while building")
                .noneMatch(l -> l.startsWith("RUN ") || l.startsWith("ADD "));
        assertThat(lines).filteredOn(l -> l.startsWith("COPY ")).isNotEmpty()
                .allMatch(l -> l.matches("COPY --chown=185 target/quarkus-app/\\S* /deployments/\\S*"));
        assertThat(lines).contains("USER 185", "WORKDIR /deployments",
                "ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"",
                "ENTRYPOINT [ \"/opt/jboss/container/java/run/run-java.sh\" ]");
        assertThat(lines).as("JVM options come from JAVA_OPTS at run time").noneMatch(l -> l.startsWith("ENV JAVA_OPTS="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "queue-service", "delivery-service", "smtp-edge"})
    void jibIsOptInAndBuildsTheImageTheChartPulls(String service) throws IOException {
        String pom = Files.readString(module(service).resolve("pom.xml"));
        assertThat(pom).contains("<artifactId>quarkus-container-image-jib</artifactId>");
        assertThat(pomProperty(pom, "quarkus.container-image.build")).isEqualTo("false");
        assertThat(pomProperty(pom, "quarkus.container-image.push")).isEqualTo("false");
        assertThat(pomProperty(pom, "quarkus.container-image.group")).isEqualTo("dequeue");
        assertThat(pomProperty(pom, "quarkus.container-image.name")).isEqualTo(service);
        assertThat(pomProperty(pom, "quarkus.jib.user")).isEqualTo("185");
        assertThat(pomProperty(pom, "quarkus.jib.working-directory")).isEqualTo("/deployments");
        // The chart: <registry>/<image.group>/<service>:<tag>, image.group defaulting to dequeue.
        assertThat(ChartRenderer.base().podTemplates().values())
                .anyMatch(p -> p.getSpec().getContainers().get(0).getImage()
                        .equals("dequeue/" + service + ":0.1.0-SNAPSHOT"));
    }
}
