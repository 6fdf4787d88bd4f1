package io.dequeue.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.delivery.config.DeliveryConfig;
import io.dequeue.delivery.dns.Destination;
import io.dequeue.delivery.dns.InMemoryResolver;
import io.dequeue.delivery.dns.TargetPolicy;
import io.dequeue.delivery.dns.TargetResolver;
import io.dequeue.delivery.transport.SmtpConnector;
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
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's {@code outboundTls} against a receiver with a self-signed certificate, through the
 * connector with the trust the service builds from {@code dequeue.delivery.tls.trust-file}.
 */
class OutboundTlsTest {

    private static Vertx vertx;
    private static ExecutorService dns;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        dns = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        dns.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static DeliveryConfig.Tls trustFile(String file) {
        return () -> Optional.ofNullable(file);
    }

    /** example.net's MX is mx.example.net on 127.0.0.1, where the sink listens. */
    private static SmtpConnector connector(DeliveryConfig.Tls tls) {
        InMemoryResolver zone = new InMemoryResolver().mx("example.net", 10, "mx.example.net")
                .address("mx.example.net", "127.0.0.1");
        // the receivers listen on loopback: local targets allowed, as in a single-host setup
        TargetResolver targets = new TargetResolver(zone, new TargetPolicy(List.of("mx.gw.test"), List.of(), true),
                new Random(1), 10);
        ClientConfig client = ClientConfig.outbound("gw.test").withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(15)));
        ClientTransport transport = ClientTransport.create(vertx, Duration.ofSeconds(2), DeliveryRuntime.peerTrust(tls));
        return new SmtpConnector(vertx, transport, targets, dns, client, new SmtpConnector.Listener() {
            @Override
            public void connected(Destination d) {
            }

            @Override
            public void connectFailed(Destination d, SmtpClientException why) {
            }
        });
    }

    private static PoolKey key(int port, TlsMode tls) {
        return new PoolKey(new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", port), tls);
    }

    private static MessageResult send(PooledConnection c) throws Exception {
        MessageResult r = c.send(new OutboundMessage("a@example.com", List.of(new OutboundRecipient("b@example.net")),
                "Subject: tls\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).toCompletableFuture()
                .get(40, TimeUnit.SECONDS);
        c.quit();
        return r;
    }

    @Test
    void requiredRefusesASelfSignedCertificateForAnotherHostAndSendsNothing() throws Exception {
        try (SmtpSink sink = new SmtpSink().tls(SelfSignedCertificate.create("other.example").keyCertOptions())) {
            int port = sink.start();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> connector(trustFile(null)).open(key(port, TlsMode.REQUIRED)).toCompletableFuture().join());
            SmtpClientException why = (SmtpClientException) e.getCause();
            assertThat(why.reply().code()).isEqualTo(451);
            assertThat(why.reply().enhancedCode()).isEqualTo("4.7.5");
            assertThat(why.outcome().reply().isTransientFailure()).isTrue();
            assertThat(sink.received).isEmpty();
            // a later connection to the same sink is served: the refused one is over, and it sent no mail
            PooledConnection c = connector(trustFile(null)).open(key(port, TlsMode.ENCRYPTED)).toCompletableFuture()
                    .get(40, TimeUnit.SECONDS);
            assertThat(send(c).allDelivered()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 1);
            assertThat(sink.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void encryptedDeliversOverTlsWithoutVerifying() throws Exception {
        try (SmtpSink sink = new SmtpSink().tls(SelfSignedCertificate.create("other.example").keyCertOptions())) {
            int port = sink.start();
            PooledConnection c = connector(trustFile(null)).open(key(port, TlsMode.ENCRYPTED)).toCompletableFuture()
                    .get(40, TimeUnit.SECONDS);
            assertThat(send(c).allDelivered()).isTrue();
            assertThat(sink.receivedOverTls.get()).isEqualTo(1);
        }
    }

    @Test
    void requiredDeliversWhenTheTrustFileHoldsTheIssuerAndTheMxNameMatches() throws Exception {
        // self-signed for the MX host name: its own issuer, trusted through the trust file
        SelfSignedCertificate cert = SelfSignedCertificate.create("mx.example.net");
        try (SmtpSink sink = new SmtpSink().tls(cert.keyCertOptions())) {
            int port = sink.start();
            PooledConnection c = connector(trustFile(cert.certificatePath())).open(key(port, TlsMode.REQUIRED))
                    .toCompletableFuture().get(40, TimeUnit.SECONDS);
            assertThat(send(c).allDelivered()).isTrue();
            assertThat(sink.receivedOverTls.get()).isEqualTo(1);
        }
    }

    @Test
    void anUnreadableTrustFileStopsTheService() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DeliveryRuntime.peerTrust(trustFile("/nonexistent/ca.pem")));
    }
}
