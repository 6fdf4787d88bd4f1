package io.dequeue.edge.smtp;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.edge.dequeue.EtrnHandler;
import io.dequeue.localkafka.LocalKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Connection caps, the configured listener's EHLO, readiness and metrics of the running edge. */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class ListenerLimitsTest {
    /** Health and metrics: the management interface (a port of its own), under its root path /q. */
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;


    @Inject
    SmtpListener listener;

    @Inject
    Instance<EtrnHandler> etrn;

    static String proxyHeader(String ip) {
        return "PROXY TCP4 " + ip + " 192.0.2.25 40000 25\r\n";
    }

    @Test
    void capsConnectionsPerRealClientAndOverallBehindAProxy() throws Exception {
        RunningListener l = listener.open(listener.settings().toBuilder().name("limits").port(0).host("127.0.0.1")
                .proxyProtocol(true).maxConnections(3, 2).build()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (TestClient a1 = new TestClient(l.port())) {
            a1.send(proxyHeader("198.51.100.1"));
            assertThat(a1.reply()).startsWith("220 ");
            TestClient a2 = new TestClient(l.port());
            a2.send(proxyHeader("198.51.100.1"));
            assertThat(a2.reply()).startsWith("220 ");
            TestClient a3 = new TestClient(l.port());
            a3.send(proxyHeader("198.51.100.1"));
            assertThat(a3.reply()).isEqualTo("421 4.7.0 Too many connections, try again later");
            assertThat(a3.closedByServer(2000)).isTrue();
            a3.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> l.limiter().active() == 2);
            TestClient b1 = new TestClient(l.port());
            b1.send(proxyHeader("198.51.100.2"));
            assertThat(b1.reply()).startsWith("220 ");
            // the overall cap is checked at accept, before any header
            try (TestClient c1 = new TestClient(l.port())) {
                assertThat(c1.reply()).isEqualTo("421 4.7.0 Too many connections, try again later");
            }
            a1.send("QUIT\r\n");
            assertThat(a1.reply()).startsWith("221 ");
            await().atMost(Duration.ofSeconds(5)).until(() -> l.limiter().active() == 2);
            try (TestClient d1 = new TestClient(l.port())) {
                d1.send(proxyHeader("198.51.100.3"));
                assertThat(d1.reply()).startsWith("220 ");
            }
            a2.close();
            b1.close();
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> l.limiter().active() == 0 && l.limiter().trackedClients() == 0);
    }

    @Test
    void capsConnectionsPerClientIp() throws Exception {
        RunningListener l = listener.open(listener.settings().toBuilder().name("per-ip").port(0).host("127.0.0.1")
                .maxConnections(100, 2).build()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (TestClient a = new TestClient(l.port())) {
            assertThat(a.reply()).startsWith("220 ");
            try (TestClient b = new TestClient(l.port())) {
                assertThat(b.reply()).startsWith("220 ");
                try (TestClient c = new TestClient(l.port())) {
                    assertThat(c.reply()).isEqualTo("421 4.7.0 Too many connections, try again later");
                    assertThat(c.closedByServer(2000)).isTrue();
                }
            }
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theConfiguredListenerAdvertisesEtrnOnlyWhenAHandlerOffersIt() throws Exception {
        boolean offered = etrn.isResolvable() && etrn.get().offered();
        try (TestClient c = new TestClient(listener.port())) {
            assertThat(c.reply()).startsWith("220 mx.gw.test ESMTP");
            c.send("EHLO client.example\r\n");
            List<String> ehlo = c.replyLines();
            assertThat(ehlo).startsWith("250-mx.gw.test", "250-PIPELINING", "250-SIZE 26214400", "250-8BITMIME",
                    "250-ENHANCEDSTATUSCODES", "250-DSN");
            assertThat(ehlo).contains("250-STARTTLS");
            assertThat(ehlo.get(ehlo.size() - 1)).isEqualTo("250 AUTH CRAM-MD5");
            assertThat(ehlo.contains("250-ETRN")).isEqualTo(offered);
            c.send("QUIT\r\n");
            assertThat(c.reply()).startsWith("221 ");
        }
    }

    @Test
    void readinessAndMetrics() throws Exception {
        try (TestClient c = new TestClient(listener.port())) {
            c.reply();
            c.send("EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<x@elsewhere.example>\r\nQUIT\r\n");
            c.reply();
            c.reply();
            c.reply();
            c.reply();
        }
        RestAssured.get(health + "/ready").then().statusCode(200)
                .body("checks.find { it.name == 'smtp-edge' }.status", Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'smtp-edge' }.data.smtpListening", Matchers.equalTo(true));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> RestAssured.get(metrics.toString()).then().statusCode(200)
                .body(Matchers.containsString("dequeue_edge_smtp_replies_total{class=\"5xx\",verb=\"RCPT\"}"))
                .body(Matchers.containsString("dequeue_edge_smtp_replies_total{class=\"2xx\",verb=\"EHLO\"}"))
                .body(Matchers.containsString("dequeue_edge_smtp_connections_total{result=\"accepted\"}"))
                .body(Matchers.containsString("dequeue_edge_smtp_recipients_refused_total{rule=\"relay\"}")));
    }
}
