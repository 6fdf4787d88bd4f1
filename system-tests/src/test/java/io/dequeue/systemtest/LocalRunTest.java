package io.dequeue.systemtest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's run command, as a user runs it: everything starts, the demo gateway exists, Ctrl-C stops it all. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunTest {
    private static LocalRun run;

    @BeforeAll
    static void start() throws Exception {
        run = LocalRun.start(LocalRun.repositoryRoot(), Map.of(), Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void everyServiceIsReadyWithItsKafkaCheckAndServesMetricsOnItsManagementPort() {
        for (String port : List.of("CONFIG_MANAGEMENT_PORT", "QUEUE_MANAGEMENT_PORT", "DELIVERY_MANAGEMENT_PORT",
                "EDGE_MANAGEMENT_PORT")) {
            HttpResponse<String> ready = run.get(run.port(port), "/q/health/ready", false);
            assertThat(ready.statusCode()).as(port + " readiness: " + ready.body()).isEqualTo(200);
            assertThat(ready.body()).as(port).contains("\"UP\"").containsIgnoringCase("kafka");
            HttpResponse<String> metrics = run.get(run.port(port), "/q/metrics", false);
            assertThat(metrics.statusCode()).as(port).isEqualTo(200);
            assertThat(metrics.body()).as(port).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theDemoGatewayIsListedByConfigService() {
        HttpResponse<String> list = run.get(run.port("CONFIG_HTTP_PORT"), "/api/gateways", true);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("client.example").doesNotContain(LocalRun.DEMO_PASSWORD);
        assertThat(run.get(run.port("CONFIG_HTTP_PORT"), "/api/gateways", false).statusCode()).isEqualTo(401);
    }

    @Test
    void theScriptPrintsWhereEverythingRunsAndHowToTryIt() {
        assertThat(run.output())
                .contains("127.0.0.1:" + run.port("KAFKA_PORT"))
                .contains("127.0.0.1:" + run.port("SMTP_PORT"))
                .contains("swaks")
                .contains("fetchmail");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheScriptStopsEveryProcessItStarted() throws Exception {
        List<ProcessHandle> children = run.children();
        assertThat(children).as("broker and four services").hasSize(5);
        int exit = run.stop(Duration.ofSeconds(60));
        assertThat(exit).as("the script ends by itself after the signal").isNotEqualTo(-1);
        for (ProcessHandle h : children) {
            h.onExit().get(10, TimeUnit.SECONDS);
            assertThat(h.isAlive()).as("orphan " + h.info().commandLine().orElse("?")).isFalse();
        }
        assertThat(run.output()).contains("Stopped.");
    }
}
