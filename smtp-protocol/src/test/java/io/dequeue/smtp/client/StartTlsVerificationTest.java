package io.dequeue.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.smtp.client.tls.PeerTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS under {@link TlsMode#REQUIRED} (verified chain and host name) and {@link
 * TlsMode#ENCRYPTED} (TLS without verification), against a scripted peer whose certificate is made
 * at test time: a man in the middle gets nothing, not even a cleartext command.
 */
class StartTlsVerificationTest {

    private static final String EHLO_TLS = "250-mx.test\n250-STARTTLS\n250 8BITMIME";
    private static final ClientConfig CONFIG = ClientConfig.outbound("gw.test")
            .withTimeouts(ClientTimeouts.uniform(Duration.ofSeconds(15)));

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TestCertificates ca;
    /** Signed by {@link #ca} for mx.test and 127.0.0.1. */
    private static KeyCertOptions mxTest;
    /** Signed by {@link #ca} for other.test only. */
    private static KeyCertOptions otherTest;
    private static ClientTransport jvmTrust;
    private static ClientTransport caTrust;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ca = TestCertificates.newCa(dir);
        mxTest = ca.server("mx", "mx.test", "dns:mx.test", "ip:127.0.0.1");
        otherTest = ca.server("other", "other.test", "dns:other.test");
        jvmTrust = ClientTransport.create(vertx, Duration.ofSeconds(2), PeerTrust.jvmDefault());
        caTrust = ClientTransport.create(vertx, Duration.ofSeconds(2), PeerTrust.withCaFile(ca.caPem()));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
    }

    /** A peer that offers STARTTLS with {@code cert} and then takes one message. */
    private static FakeSmtpServer peer(KeyCertOptions cert) throws Exception {
        return new FakeSmtpServer(vertx).tlsCertificate(cert)
                .on("EHLO", EHLO_TLS).startTls()
                .on("EHLO", "250 mx.test").on("MAIL", "250 ok").on("RCPT", "250 ok").data("250 queued").quit()
                .start();
    }

    private static OutboundMessage message() {
        return new OutboundMessage("a@example.com", List.of(new OutboundRecipient("b@example.net")),
                "Subject: t\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Connects, sends one message, quits; asserts it was delivered over TLS. */
    private static void deliversOverTls(FakeSmtpServer s, ClientTransport t, String peerName, TlsMode mode)
            throws Exception {
        SmtpClientSession session = get(SmtpClientSession.connect(vertx, t, "127.0.0.1", s.port(), peerName,
                CONFIG.withTls(mode)));
        assertThat(session.isTls()).isTrue();
        assertThat(get(session.send(message())).allDelivered()).isTrue();
        get(session.quit());
        assertThat(s.problems).isEmpty();
        assertThat(s.sawTls).isTrue();
        assertThat(s.bodies).hasSize(1);
    }

    /** Connecting fails with 451 4.7.5 (transient); the handshake never completed; nothing but EHLO and STARTTLS was sent. */
    private static SmtpClientException refusedBeforeAnythingIsSent(FakeSmtpServer s, ClientTransport t,
                                                                   String peerName) throws Exception {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(SmtpClientSession.connect(vertx, t, "127.0.0.1", s.port(), peerName,
                        CONFIG.withTls(TlsMode.REQUIRED))));
        SmtpClientException why = (SmtpClientException) e.getCause();
        assertThat(why.reply().code()).isEqualTo(451);
        assertThat(why.reply().enhancedCode()).isEqualTo("4.7.5");
        assertThat(why.outcome()).isInstanceOf(RecipientOutcome.Transient.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.closedConnections.get() == 1);
        assertThat(s.sawTls).as("TLS handshake completed").isFalse();
        assertThat(s.lines()).containsExactly("EHLO gw.test", "STARTTLS");
        assertThat(s.bodies).isEmpty();
        return why;
    }

    @Test
    void requiredRefusesASelfSignedCertificateForAnotherHost() throws Exception {
        try (FakeSmtpServer s = peer(SelfSignedCertificate.create("other.test").keyCertOptions())) {
            SmtpClientException why = refusedBeforeAnythingIsSent(s, caTrust, "mx.test");
            assertThat(why.reply().text()).contains("not verified");
        }
    }

    @Test
    void encryptedDeliversOverTlsDespiteASelfSignedCertificateForAnotherHost() throws Exception {
        try (FakeSmtpServer s = peer(SelfSignedCertificate.create("other.test").keyCertOptions())) {
            deliversOverTls(s, jvmTrust, "mx.test", TlsMode.ENCRYPTED);
        }
    }

    @Test
    void requiredDeliversWhenTheChainLeadsToTheTrustFileAndTheNameMatches() throws Exception {
        try (FakeSmtpServer s = peer(mxTest)) {
            deliversOverTls(s, caTrust, "mx.test", TlsMode.REQUIRED);
        }
    }

    @Test
    void requiredAcceptsASelfSignedCertificateGivenInTheTrustFile() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("mx.test");
        ClientTransport pinned = ClientTransport.create(vertx, Duration.ofSeconds(2),
                PeerTrust.withCaFile(Path.of(cert.certificatePath())));
        try (FakeSmtpServer s = peer(cert.keyCertOptions())) {
            deliversOverTls(s, pinned, "mx.test", TlsMode.REQUIRED);
        }
    }

    @Test
    void requiredChecksTheAddressOfAnIpLiteralTarget() throws Exception {
        try (FakeSmtpServer s = peer(mxTest)) {
            deliversOverTls(s, caTrust, null, TlsMode.REQUIRED);
        }
        try (FakeSmtpServer s = peer(otherTest)) {
            SmtpClientException why = refusedBeforeAnythingIsSent(s, caTrust, null);
            assertThat(why.reply().text()).contains("not valid for 127.0.0.1");
        }
    }

    @Test
    void requiredRefusesATrustedCertificateForAnotherHost() throws Exception {
        try (FakeSmtpServer s = peer(otherTest)) {
            SmtpClientException why = refusedBeforeAnythingIsSent(s, caTrust, "mx.test");
            assertThat(why.reply().text()).contains("not valid for mx.test");
        }
    }

    @Test
    void requiredRefusesTheRightNameFromAnUntrustedAuthority() throws Exception {
        // the JVM's trust store does not know the test CA
        try (FakeSmtpServer s = peer(mxTest)) {
            SmtpClientException why = refusedBeforeAnythingIsSent(s, jvmTrust, "mx.test");
            assertThat(why.reply().text()).contains("chain is not trusted");
        }
    }

    @Test
    void encryptedWithoutStartTlsFailsLikeRequired() throws Exception {
        try (FakeSmtpServer s = new FakeSmtpServer(vertx).on("EHLO", "250 mx.test").quit().start()) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> get(SmtpClientSession.connect(vertx, jvmTrust, "127.0.0.1", s.port(), "mx.test",
                            CONFIG.withTls(TlsMode.ENCRYPTED))));
            assertThat(((SmtpClientException) e.getCause()).reply().enhancedCode()).isEqualTo("4.7.4");
            await().atMost(Duration.ofSeconds(10)).until(() -> s.closedConnections.get() == 1);
            assertThat(s.lines()).containsExactly("EHLO gw.test", "QUIT");
        }
    }
}
