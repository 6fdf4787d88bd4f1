package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.edge.kafka.UsageView;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SMTP clients against the configured listener of the running edge: swaks (plain, STARTTLS,
 * AUTH PLAIN over TLS, AUTH CRAM-MD5, pipelining), Python's smtplib (STARTTLS, AUTH, 8-bit data)
 * and Postfix's smtp-source (20 sessions). Every message must appear on {@code mail.accepted}
 * byte-identical to what the client sent, after the edge's Received: line. A test whose client
 * is not installed is skipped, saying so.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class InteropTest {

    static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{20})");

    @Inject
    SmtpListener listener;

    @Inject
    GatewayDirectory directory;

    @Inject
    UsageView usage;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaFixture kafka;

    @TempDir
    Path tmp;

    @BeforeEach
    void fixture() throws Exception {
        kafka = KafkaFixture.get(bootstrap, directory, usage);
    }

    static String which(String name, String... extraDirs) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of(extraDirs));
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static String require(String name, String... extraDirs) {
        String path = which(name, extraDirs);
        Assumptions.assumeTrue(path != null, name + " is not installed (Debian package: "
                + (name.startsWith("smtp-") ? "postfix" : name) + "); skipping this interop test");
        return path;
    }

    record Run(int exit, String output) {
    }

    static Run run(List<String> cmd, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The message file swaks sends: CR LF lines, a dot line, 8-bit bytes, no final line ending (swaks adds it). */
    byte[] message(String subject) throws Exception {
        return ("From: <sender@remote.example>\r\nTo: <user@in.edge.test>\r\nSubject: " + subject + "\r\n\r\n"
                + "8-bit: \u00e9\u00e8\r\n.a line with a leading dot\r\nlast line").getBytes(StandardCharsets.ISO_8859_1);
    }

    void swaks(String name, String... options) throws Exception {
        String swaks = require("swaks");
        byte[] msg = message("swaks " + name);
        Path file = tmp.resolve(name + ".eml");
        Files.write(file, msg);
        List<String> cmd = new ArrayList<>(List.of(swaks, "--server", "127.0.0.1:" + listener.port(), "--helo", "client.example",
                "--from", "sender@remote.example", "--to", "user@in.edge.test", "--data", file.toString(), "--timeout", "20"));
        cmd.addAll(List.of(options));
        Run r = run(cmd, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.output()).isZero();
        Matcher m = QUEUED.matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        KafkaFixture.Accepted a = kafka.awaitAccepted(m.group(1), 1).get(0);
        byte[] sent = new byte[msg.length + 2];
        System.arraycopy(msg, 0, sent, 0, msg.length);
        sent[msg.length] = '\r';
        sent[msg.length + 1] = '\n';
        assertThat(a.afterReceived()).as(name).isEqualTo(sent);
    }

    @Test
    void swaksPlain() throws Exception {
        swaks("plain");
        assertThat(kafka.all.stream().filter(a -> a.text().contains("Subject: swaks plain")).findFirst().orElseThrow()
                .receivedLine()).contains(" with ESMTP id ");
    }

    @Test
    void swaksStartTls() throws Exception {
        Assumptions.assumeTrue(run(List.of(require("swaks"), "--support"), Duration.ofSeconds(20)).output().contains("=== TLS supported"),
                "swaks has no TLS (Debian package libnet-ssleay-perl); skipping");
        swaks("starttls", "--tls");
        KafkaFixture.Accepted a = kafka.all.stream().filter(x -> x.text().contains("Subject: swaks starttls")).findFirst().orElseThrow();
        assertThat(a.envelope().tls()).isTrue();
        assertThat(a.receivedLine()).contains(" with ESMTPS id ");
    }

    @Test
    void swaksAuthPlainOverTls() throws Exception {
        Assumptions.assumeTrue(run(List.of(require("swaks"), "--support"), Duration.ofSeconds(20)).output().contains("=== TLS supported"),
                "swaks has no TLS (Debian package libnet-ssleay-perl); skipping");
        swaks("authplain", "--tls", "--auth", "PLAIN", "--auth-user", "auth.edge.test", "--auth-password", TestGateways.PASSWORD);
        KafkaFixture.Accepted a = kafka.all.stream().filter(x -> x.text().contains("Subject: swaks authplain")).findFirst().orElseThrow();
        assertThat(a.envelope().authLogin()).isEqualTo("auth.edge.test");
        assertThat(a.receivedLine()).contains(" with ESMTPSA id ");
    }

    @Test
    void swaksAuthCramMd5InPlaintext() throws Exception {
        swaks("crammd5", "--auth", "CRAM-MD5", "--auth-user", "auth.edge.test", "--auth-password", TestGateways.PASSWORD);
        KafkaFixture.Accepted a = kafka.all.stream().filter(x -> x.text().contains("Subject: swaks crammd5")).findFirst().orElseThrow();
        assertThat(a.envelope().authLogin()).isEqualTo("auth.edge.test");
        assertThat(a.receivedLine()).contains(" with ESMTPA id ");
    }

    @Test
    void swaksPipelining() throws Exception {
        swaks("pipeline", "--pipeline");
    }

    @Test
    void swaksPlainAuthIsRefusedWithoutTls() throws Exception {
        String swaks = require("swaks");
        Run r = run(List.of(swaks, "--server", "127.0.0.1:" + listener.port(), "--helo", "client.example", "--from", "s@remote.example",
                "--to", "user@in.edge.test", "--auth", "PLAIN", "--auth-user", "auth.edge.test", "--auth-password", "x",
                "--timeout", "20"), Duration.ofSeconds(60));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("250 AUTH CRAM-MD5\n").contains("requested type not available");
    }

    @Test
    void pythonSmtplib() throws Exception {
        String python = require("python3");
        Path script = tmp.resolve("send.py");
        Files.writeString(script, String.join("\n",
                "import smtplib, ssl, sys",
                "ctx = ssl.create_default_context()",
                "ctx.check_hostname = False",
                "ctx.verify_mode = ssl.CERT_NONE",
                "msg = open(sys.argv[2], 'rb').read()",
                "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.example', timeout=20) as s:",
                "    s.ehlo()",
                "    assert s.has_extn('starttls') and s.has_extn('pipelining') and s.has_extn('8bitmime') and s.has_extn('dsn')",
                "    s.starttls(context=ctx)",
                "    s.ehlo()",
                "    s.login('auth.edge.test', sys.argv[3])",
                "    s.mail('sender@remote.example', ['BODY=8BITMIME', 'SIZE=%d' % len(msg)])",
                "    s.rcpt('user@in.edge.test', ['NOTIFY=FAILURE'])",
                "    s.rcpt('other@other.edge.test')",
                "    code, resp = s.data(msg)",
                "    print(code, resp.decode())",
                ""));
        byte[] msg = ("From: <sender@remote.example>\r\nSubject: smtplib\r\n\r\n\u00e9\u00e8 8-bit\r\n.dot\r\nend\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = tmp.resolve("smtplib.eml");
        Files.write(file, msg);
        Run r = run(List.of(python, script.toString(), Integer.toString(listener.port()), file.toString(), TestGateways.PASSWORD),
                Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.output()).isZero();
        Matcher m = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{20})").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        List<KafkaFixture.Accepted> records = kafka.awaitAccepted(m.group(1), 2);
        assertThat(records).hasSize(2);
        for (KafkaFixture.Accepted a : records) {
            assertThat(a.afterReceived()).isEqualTo(msg);
            assertThat(a.envelope().tls()).isTrue();
            assertThat(a.envelope().authLogin()).isEqualTo("auth.edge.test");
            assertThat(a.receivedLine()).contains(" with ESMTPSA id ");
        }
    }

    @Test
    void postfixSmtpSourceTwentySessions() throws Exception {
        String source = require("smtp-source", "/usr/sbin", "/usr/lib/postfix/sbin");
        String sender = "source-" + System.nanoTime() + "@remote.example";
        int messages = 200;
        Run r = run(List.of(source, "-s", "20", "-m", Integer.toString(messages), "-l", "2048", "-f", sender, "-t", "user@in.edge.test",
                "127.0.0.1:" + listener.port()), Duration.ofSeconds(120));
        assertThat(r.exit()).as(r.output()).isZero();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.bySender(sender).size() >= messages);
        List<KafkaFixture.Accepted> got = kafka.bySender(sender);
        assertThat(got).hasSize(messages);
        Pattern shape = Pattern.compile("From: <" + Pattern.quote(sender) + ">\r\nTo: <user@in\\.edge\\.test>\r\nDate: [^\r\n]+\r\n"
                + "Message-Id: <[^\r\n]+>\r\n\r\n([0-9]*X+\r\n)+");
        for (KafkaFixture.Accepted a : got) {
            assertThat(new String(a.afterReceived(), StandardCharsets.ISO_8859_1)).matches(shape);
            assertThat(a.envelope().recipients()).hasSize(1);
        }
        assertThat(got.stream().map(a -> a.envelope().queueId()).distinct().count()).isEqualTo(messages);
    }
}
