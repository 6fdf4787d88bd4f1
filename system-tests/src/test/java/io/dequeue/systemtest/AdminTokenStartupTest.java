package io.dequeue.systemtest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services with an admin API, started as an operator would but without an admin token (or
 * with a short one): they exit at once and say how to set one. No broker is needed for that.
 */
class AdminTokenStartupTest {

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "queue-service"})
    void withoutATokenTheServiceRefusesToStartAndSaysHow(String service) throws Exception {
        Result r = start(service, Map.of());
        assertThat(r.exited).as("%s exited by itself:\n%s", service, r.output).isTrue();
        assertThat(r.exitCode).as(r.output).isNotZero();
        assertThat(r.output).contains("No admin token is configured").contains("DEQUEUE_ADMIN_TOKEN")
                .contains("DEQUEUE_ADMIN_TOKEN_FILE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "queue-service"})
    void aShortTokenIsRefusedWithoutBeingShown(String service) throws Exception {
        Result r = start(service, Map.of("DEQUEUE_ADMIN_TOKEN", "short-tok3n"));
        assertThat(r.exited).as("%s exited by itself:\n%s", service, r.output).isTrue();
        assertThat(r.exitCode).as(r.output).isNotZero();
        assertThat(r.output).contains("The admin token is too short").doesNotContain("short-tok3n");
    }

    private record Result(boolean exited, int exitCode, String output) {
    }

    private static Result start(String service, Map<String, String> env) throws Exception {
        Path jar = LocalRun.repositoryRoot().resolve(service + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("build first (mvn -o package -DskipTests)").isRegularFile();
        Path dir = Files.createTempDirectory(service + "-token-");
        Path log = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("DEQUEUE_") || k.startsWith("QUARKUS_"));
        e.put("QUARKUS_HTTP_PORT", Integer.toString(LocalRun.freePort()));
        // nothing listens there: the token check comes first
        e.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + LocalRun.freePort());
        e.put("DEQUEUE_STREAMS_STATE_DIR", dir.resolve("streams").toString());
        e.putAll(env);
        Process p = pb.start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(exited, exited ? p.exitValue() : -1, Files.readString(log));
    }
}
