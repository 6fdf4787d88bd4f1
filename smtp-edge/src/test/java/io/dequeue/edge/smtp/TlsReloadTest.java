package io.dequeue.edge.smtp;

import io.dequeue.edge.net.ConnectionLimiter;
import io.dequeue.edge.net.EdgeTls;
import io.dequeue.edge.net.SelfSignedCertificate;
import io.dequeue.edge.net.TlsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A certificate renewed in its files (as a Kubernetes Secret volume renews it: new files in a new
 * folder, then the {@code ..data} link swapped) reaches new connections of the running edge, on
 * the SMTP listener's STARTTLS and on an implicit-TLS listener, without a restart; connections
 * already open keep working on the certificate they started with.
 */
class TlsReloadTest {
    @TempDir
    Path dir;

    private Path secret;
    private Vertx vertx;
    private EdgeTls tls;
    private int smtpPort;
    private int implicitPort;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tls != null) {
            tls.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRenewedCertificateReachesNewConnectionsAndOldOnesKeepWorking() throws Exception {
        secret("a.reload.test");
        start(Duration.ofMillis(100));
        assertThat(startTlsSubject()).isEqualTo("CN=a.reload.test");
        assertThat(implicitTlsSubject()).isEqualTo("CN=a.reload.test");

        try (Socket sock = new Socket("127.0.0.1", smtpPort)) {
            SSLSocket old = startTls(sock);
            rotate("b.reload.test");

            await("a new STARTTLS connection presents the renewed certificate").atMost(Duration.ofSeconds(20))
                    .until(this::startTlsSubject, "CN=b.reload.test"::equals);
            await("a new implicit-TLS connection presents the renewed certificate").atMost(Duration.ofSeconds(20))
                    .until(this::implicitTlsSubject, "CN=b.reload.test"::equals);

            // the connection opened before keeps its session and goes on working
            assertThat(subject(old)).isEqualTo("CN=a.reload.test");
            old.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reply(old.getInputStream())).startsWith("250");
        }
        assertThat(tls.certificate().orElseThrow().getSubjectX500Principal().getName()).isEqualTo("CN=b.reload.test");
    }

    @Test
    void aHalfRotatedPairIsRefusedAndTheCurrentOneStays() throws Exception {
        secret("a.reload.test");
        start(Duration.ZERO); // reloads only when asked: the test decides when
        Path other = dir.resolve("other");
        SelfSignedCertificate.PemFiles b = SelfSignedCertificate.ensure(other, List.of("b.reload.test"), Duration.ofDays(30));
        // the certificate is renewed, the key is still the old one
        Path current = secret.resolve("..data").toRealPath();
        Files.copy(b.cert(), current.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);

        assertThat(tls.reload()).isFalse();
        assertThat(startTlsSubject()).isEqualTo("CN=a.reload.test");
        assertThat(implicitTlsSubject()).isEqualTo("CN=a.reload.test");

        // the key follows: now the pair is sound and taken
        Files.copy(b.key(), current.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(tls.reload()).isTrue();
        assertThat(startTlsSubject()).isEqualTo("CN=b.reload.test");
        assertThat(implicitTlsSubject()).isEqualTo("CN=b.reload.test");
        assertThat(tls.reload()).as("unchanged files are not taken again").isFalse();
    }

    /** A Secret volume's layout: {@code tls.crt -> ..data/tls.crt}, {@code ..data -> ..<version>}. */
    private void secret(String name) throws Exception {
        secret = dir.resolve("secret");
        Files.createDirectories(secret);
        Path version = version(name);
        Files.createSymbolicLink(secret.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(secret.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(secret.resolve("tls.key"), Path.of("..data/tls.key"));
    }

    /** What the kubelet does on an update: a new version folder, then {@code ..data} replaced at once. */
    private void rotate(String name) throws Exception {
        Path version = version(name);
        Path tmp = secret.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, version.getFileName());
        Files.move(tmp, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path version(String name) throws Exception {
        Path generated = dir.resolve("gen-" + name);
        SelfSignedCertificate.PemFiles f = SelfSignedCertificate.ensure(generated, List.of(name), Duration.ofDays(30));
        Path version = secret.resolve("..version-" + name);
        Files.createDirectories(version);
        Files.copy(f.cert(), version.resolve("tls.crt"));
        Files.copy(f.key(), version.resolve("tls.key"));
        return version;
    }

    private void start(Duration reloadPeriod) throws Exception {
        tls = EdgeTls.create(config(secret.resolve("tls.crt"), secret.resolve("tls.key"), reloadPeriod), Optional.empty());
        AtomicInteger bound = new AtomicInteger();
        ListenerSettings settings = EdgeHarness.baseSettings();
        assertThat(settings.starttls()).isTrue();
        SmtpServices services = EdgeHarness.services(new FakeStore(), new MemoryBudget(1 << 20), new SimpleMeterRegistry());
        vertx.deployVerticle(new ListenerVerticle(settings, services, tls, new ConnectionLimiter(100, 100), bound))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        smtpPort = bound.get();
        // an implicit-TLS listener set up as the ODMR one is: its options from EdgeTls
        NetServer implicit = vertx.createNetServer(tls.forImplicitTls(new NetServerOptions().setHost("127.0.0.1").setPort(0)))
                .connectHandler(s -> s.write("220 tls.test ready\r\n"));
        implicitPort = implicit.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private static TlsConfig config(Path cert, Path key, Duration reloadPeriod) {
        return new TlsConfig() {
            @Override
            public Optional<String> certFile() {
                return Optional.of(cert.toString());
            }

            @Override
            public Optional<String> keyFile() {
                return Optional.of(key.toString());
            }

            @Override
            public Optional<String> selfSignedDir() {
                return Optional.empty();
            }

            @Override
            public Duration reloadPeriod() {
                return reloadPeriod;
            }

            @Override
            public List<String> protocols() {
                return List.of("TLSv1.2", "TLSv1.3");
            }
        };
    }

    /** The subject of the certificate a new SMTP connection gets after STARTTLS. */
    private String startTlsSubject() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", smtpPort)) {
            return subject(startTls(sock));
        }
    }

    /** The subject of the certificate a new implicit-TLS connection gets. */
    private String implicitTlsSubject() throws Exception {
        try (SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", implicitPort)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertThat(reply(s.getInputStream())).startsWith("220");
            return subject(s);
        }
    }

    private SSLSocket startTls(Socket sock) throws Exception {
        sock.setSoTimeout(10_000);
        InputStream in = sock.getInputStream();
        assertThat(reply(in)).startsWith("220");
        sock.getOutputStream().write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(reply(in)).startsWith("250").contains("STARTTLS");
        sock.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(reply(in)).startsWith("220");
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(sock, "127.0.0.1", sock.getPort(), false);
        s.setUseClientMode(true);
        s.startHandshake();
        return s;
    }

    private static String subject(SSLSocket s) throws Exception {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    /** One whole reply (every line of a multi-line one), lines joined with LF. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line(in);
            all.append(all.isEmpty() ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, StandardCharsets.US_ASCII);
            }
            b.write(c);
            prev = c;
        }
    }

    /** The certificates are self-signed test ones: the client looks at what it is given, trusting anything. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
