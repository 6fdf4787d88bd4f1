package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dequeue-fetch daemon} as a process against Dequeue's edge: one ODMR upstream from a YAML
 * file (password in a file), its first pull at once, counts in the log and on the metrics
 * endpoint, and a clean exit on SIGTERM.
 */
class FetchDaemonTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
    }

    @Test
    void pullsOnItsScheduleReportsMetricsAndStopsOnSigterm() throws Exception {
        String domain = Gateways.fresh("fc-daemon");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "gina@" + domain, 2);
        int metricsPort = LocalRun.freePort();
        Path dir = Files.createTempDirectory("fetch-daemon-");
        Path log = dir.resolve("daemon.log");

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Path cfg = dir.resolve("daemon.yaml");
            Files.writeString(cfg, """
                    metrics:
                      listen: 127.0.0.1:%d
                    upstreams:
                      - name: edge
                        mode: odmr
                        server: 127.0.0.1:%d
                        tls: starttls
                        pin-sha256: %s
                        user: %s
                        password-file: %s
                        domains: [%s]
                        deliver-to: 127.0.0.1:%d
                        timeout: 30s
                        interval: 1h
                        jitter: 0s
                    """.formatted(metricsPort, system.odmrPort(), FetchClient.edgePin(system), domain,
                    FetchClient.passwordFile(Gateways.PASSWORD), domain, sink.port), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(FetchClient.java(), "-jar", FetchClient.jar().toString(), "daemon", "--config",
                    cfg.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                List<SmtpSink.Received> got = sink.awaitCount(2, Duration.ofSeconds(60));
                assertThat(got).extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(log))
                        .contains("name=edge mode=odmr status=0 (ok) messages=2 accepted=2").contains("next=1h00m"));
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("dequeue_fetch_pulls_total{upstream=\"edge\",mode=\"odmr\"} 1\n")
                        .contains("dequeue_fetch_messages_total{upstream=\"edge\",mode=\"odmr\"} 2\n")
                        .contains("dequeue_fetch_last_success_timestamp_seconds{upstream=\"edge\",mode=\"odmr\"} ");

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the daemon stops on SIGTERM").isTrue();
                assertThat(p.exitValue()).isEqualTo(143);
                assertThat(Files.readString(log)).contains("daemon stopping").doesNotContain(Gateways.PASSWORD)
                        .doesNotContain("Exception");
            } finally {
                p.destroyForcibly();
            }
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }
}
