package io.dequeue.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyParser;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS on a real Vert.x NetSocket: upgrade, plaintext injection discarded, EHLO/AUTH forgotten. */
class NetSocketStartTlsTest {

    private static Vertx vertx;
    private static NetServer server;
    private static int port;
    private static final TestPolicy POLICY = new TestPolicy();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        ServerConfig config = ServerConfig.smtp().withHostname("gw.example").withTls(true);
        server = vertx.createNetServer(new NetServerOptions().setSsl(false).setKeyCertOptions(cert.keyCertOptions()))
                .connectHandler(s -> new SmtpServerSession(new NetSocketTransport(vertx, s, true), config, POLICY).start());
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Reply read(InputStream in, ReplyParser parser) throws IOException {
        byte[] buf = new byte[4096];
        while (true) {
            Reply r = parser.next();
            if (r != null) {
                return r;
            }
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            parser.feed(java.util.Arrays.copyOf(buf, n));
        }
    }

    @Test
    void startTlsOverARealSocket() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            ReplyParser parser = new ReplyParser();
            assertThat(read(in, parser).code()).isEqualTo(220);
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(in, parser).lines()).contains("STARTTLS");
            // CVE-2011-0411: the MAIL written with STARTTLS must not survive the handshake
            out.write("STARTTLS\r\nMAIL FROM:<evil@attacker.example>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(in, parser).toString()).isEqualTo("220 2.0.0 Ready to start TLS");
            assertThat(parser.buffered()).isZero();

            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                tls.startHandshake();
                InputStream tin = tls.getInputStream();
                OutputStream tout = tls.getOutputStream();
                ReplyParser tp = new ReplyParser();
                tout.write("RCPT TO:<user@example.net>\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(read(tin, tp).toString()).startsWith("503 5.5.1");
                tout.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
                Reply ehlo = read(tin, tp);
                assertThat(ehlo.lines()).doesNotContain("STARTTLS").contains("AUTH CRAM-MD5 PLAIN LOGIN");
                tout.write("MAIL FROM:<a@remote.example>\r\nRCPT TO:<user@example.net>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(read(tin, tp).code()).isEqualTo(250);
                assertThat(read(tin, tp).code()).isEqualTo(250);
                assertThat(read(tin, tp).code()).isEqualTo(354);
                tout.write("Subject: over tls\r\n\r\nhi\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(read(tin, tp).toString()).startsWith("250 2.0.0 Ok: queued as");
                assertThat(read(tin, tp).code()).isEqualTo(221);
            }
        }
        assertThat(POLICY.messages).hasSize(1);
        assertThat(POLICY.messages.get(0).envelope().reversePath().address()).isEqualTo("a@remote.example");
    }

    private static final class TrustAll implements X509TrustManager {
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
    }
}
