package io.dequeue.delivery.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.delivery.SmtpSink;
import io.dequeue.delivery.dns.Destination;
import io.dequeue.delivery.dns.InMemoryResolver;
import io.dequeue.delivery.dns.TargetPolicy;
import io.dequeue.delivery.dns.TargetResolver;
import io.dequeue.delivery.transport.pool.PoolKey;
import io.dequeue.delivery.transport.pool.PooledConnection;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.client.ClientTimeouts;
import io.dequeue.smtp.client.ClientTransport;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.OutboundRecipient;
import io.dequeue.smtp.client.SmtpClientException;
import io.dequeue.smtp.client.TlsMode;
import io.dequeue.smtp.client.tls.PeerTrust;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resolution plus real SMTP connections: MX fallback, TLS policy, DNS failures. */
class SmtpConnectorTest {

    private static SmtpSink sink;
    private static int port;
    private static Vertx vertx;
    private static ExecutorService dns;
    private static final List<String> attempts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sink = new SmtpSink();
        port = sink.start();
        vertx = Vertx.vertx();
        dns = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        dns.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SmtpConnector connector(InMemoryResolver zone) {
        // the sink listens on loopback: local targets allowed, as in a single-host setup
        TargetResolver targets = new TargetResolver(zone, new TargetPolicy(List.of("mx.gw.test"), List.of(), true),
                new Random(1), 10);
        ClientConfig client = ClientConfig.outbound("gw.test").withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(5)));
        return new SmtpConnector(vertx, ClientTransport.create(vertx, Duration.ofSeconds(2), PeerTrust.jvmDefault()),
                targets, dns, client, new SmtpConnector.Listener() {
                    @Override
                    public void connected(Destination d) {
                        attempts.add("ok " + d.host());
                    }

                    @Override
                    public void connectFailed(Destination d, SmtpClientException why) {
                        attempts.add("failed " + d.host());
                    }
                });
    }

    private static PoolKey mx(String domain, TlsMode tls) {
        return new PoolKey(new ReleaseTarget(ReleaseTarget.Kind.MX, domain, port), tls);
    }

    @Test
    void triesTheNextMxHostWhenTheFirstRefuses() throws Exception {
        attempts.clear();
        // 127.0.0.2 is loopback but nothing listens there on the sink's port
        InMemoryResolver zone = new InMemoryResolver().mx("example.net", 10, "down.example.net")
                .mx("example.net", 20, "up.example.net")
                .address("down.example.net", "127.0.0.2").address("up.example.net", "127.0.0.1");
        PooledConnection c = connector(zone).open(mx("example.net", TlsMode.OPPORTUNISTIC)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertThat(c.remoteHost()).isEqualTo("up.example.net");
        assertThat(attempts).containsExactly("failed down.example.net", "ok up.example.net");
        MessageResult r = c.send(new OutboundMessage("a@example.com", List.of(new OutboundRecipient("b@example.net")),
                "Subject: via mx\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(r.allDelivered()).isTrue();
        assertThat(c.isUsable()).isTrue();
        c.quit();
    }

    @Test
    void requiredTlsAgainstAPeerWithoutStartTlsIsTransient() {
        InMemoryResolver zone = new InMemoryResolver().address("example.org", "127.0.0.1");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> connector(zone).open(mx("example.org", TlsMode.REQUIRED)).toCompletableFuture().join());
        SmtpClientException why = (SmtpClientException) e.getCause();
        assertThat(why.reply().enhancedCode()).isEqualTo("4.7.4");
        assertThat(why.outcome().reply().isTransientFailure()).isTrue();
    }

    @Test
    void permanentDnsAnswersFailPermanently() {
        InMemoryResolver zone = new InMemoryResolver().nullMx("nomail.example").mx("loop.example", 10, "mx.gw.test");
        for (String domain : List.of("nomail.example", "loop.example", "nx.example")) {
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> connector(zone).open(mx(domain, TlsMode.OPPORTUNISTIC)).toCompletableFuture().join());
            assertThat(((SmtpClientException) e.getCause()).reply().isPermanentFailure()).as(domain).isTrue();
        }
    }
}
