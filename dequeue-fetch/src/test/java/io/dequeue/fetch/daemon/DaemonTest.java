package io.dequeue.fetch.daemon;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.PullResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon's threads, stop and metrics endpoint, with a scripted runner. */
class DaemonTest {
    private static final ScheduleSettings NOW_THEN_HOURLY = new ScheduleSettings(Duration.ofHours(1), Duration.ZERO,
            Duration.ofHours(1), Duration.ofHours(1));

    private static UpstreamConfig upstream(String name) {
        UpstreamConfig base = UpstreamLoopTest.odmr(name);
        return new UpstreamConfig(name, base.mode(), base.server(), null, null, null, base.user(), base.password(), null,
                base.domains(), base.deliverTo(), false, null, null, false, NOW_THEN_HOURLY);
    }

    @Test
    void aStopWaitsForThePullUnderWayAndEndsTheWaitingUpstreamsAtOnce() throws Exception {
        CountDownLatch pulling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger pulls = new AtomicInteger();
        PullRunner runner = (u, stop) -> {
            pulls.incrementAndGet();
            if (u.name().equals("slow")) {
                pulling.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // the message under way
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new PullResult(stop.requested() ? ExitStatus.INTERRUPTED : 0, 1, 1, 0, 0, 100, Duration.ZERO, "x");
            }
            return new PullResult(0, 0, 0, 0, 0, 0, Duration.ZERO, "453 You have no mail");
        };
        DaemonConfig cfg = new DaemonConfig(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(30),
                List.of(upstream("slow"), upstream("quick")));
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        Daemon d = new Daemon(cfg, runner, new DaemonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8),
                Clock.systemUTC()), Clock.systemUTC(), () -> 0.0);
        d.start();
        assertThat(pulling.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> pulls.get() == 2); // quick pulled and now waits an hour
        String scrape = get(d.metricsPort());
        assertThat(scrape).contains("dequeue_fetch_pulls_total{upstream=\"quick\",mode=\"odmr\"} 1\n")
                .contains("dequeue_fetch_pulls_total{upstream=\"slow\",mode=\"odmr\"} 0\n");

        d.stop();
        assertThat(d.awaitStopped(Duration.ofMillis(200))).as("slow is still on its message").isFalse();
        release.countDown();
        assertThat(d.awaitStopped(Duration.ofSeconds(30))).isTrue();

        assertThat(pulls.get()).isEqualTo(2);
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("name=slow mode=odmr status=8 (interrupted) messages=1").contains("(stopping)");
        assertThat(d.metrics().scrape()).contains("dequeue_fetch_pull_failures_total{upstream=\"slow\",mode=\"odmr\",exit_status=\"8\"} 1\n");
    }

    @Test
    void aStopBeforeTheFirstPullPullsNothing() throws Exception {
        AtomicInteger pulls = new AtomicInteger();
        ScheduleSettings later = new ScheduleSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1));
        UpstreamConfig u = upstream("a");
        u = new UpstreamConfig("a", u.mode(), u.server(), null, null, null, u.user(), u.password(), null, u.domains(),
                u.deliverTo(), false, null, null, false, later);
        Daemon d = new Daemon(new DaemonConfig(null, Duration.ofSeconds(5), List.of(u)), (x, s) -> {
            pulls.incrementAndGet();
            return null;
        }, new DaemonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC()),
                Clock.systemUTC(), () -> 0.5);
        d.start();
        d.stop();
        assertThat(d.awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(pulls.get()).isZero();
        assertThat(d.metricsPort()).isEqualTo(-1);
    }

    @Test
    void theMetricsEndpointServesOnlyGetOfMetrics() throws Exception {
        DaemonMetrics m = new DaemonMetrics();
        m.register("x\"y", "etrn");
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), m)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
            assertThat(r.body()).contains("# TYPE dequeue_fetch_pulls_total counter\n")
                    .contains("dequeue_fetch_pulls_total{upstream=\"x\\\"y\",mode=\"etrn\"} 0\n")
                    .doesNotContain("dequeue_fetch_last_success_timestamp_seconds{");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
        }
    }

    private static String get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
