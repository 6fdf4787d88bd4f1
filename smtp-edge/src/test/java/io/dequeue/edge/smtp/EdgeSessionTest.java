package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.model.Envelope;
import io.dequeue.smtp.server.InMemoryTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The edge's policy in-process: what the dialogue scripts cannot express. */
class EdgeSessionTest {

    final FakeStore store = new FakeStore();
    final MemoryBudget budget = new MemoryBudget(1L << 30);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SmtpServices services = EdgeHarness.services(store, budget, registry);
    final InMemoryTransport transport = new InMemoryTransport();

    String talk(String s) {
        transport.clientSend(s.getBytes(StandardCharsets.ISO_8859_1));
        return transport.takeOutputText();
    }

    void start(ListenerSettings settings) {
        EdgeHarness.start(transport, settings, services);
        assertThat(transport.takeOutputText()).startsWith("220 mx.gw.test ESMTP");
    }

    @Test
    void storesTheReceivedLineAndTheBodyByteIdenticalWithTheEnvelope() {
        start(EdgeHarness.baseSettings());
        byte[] body = "Subject: t\r\n\r\n8-bit \u00e9\u00ff\u0000 bytes\r\n.dot line\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        talk("EHLO Client.Example\r\nSTARTTLS\r\n");
        String out = talk("EHLO client.example\r\nAUTH PLAIN " + Base64.getEncoder().encodeToString(
                "\0auth.edge.test\0s3cret-pw".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
                + "MAIL FROM:<sender@remote.example> RET=HDRS ENVID=QQ314159 BODY=8BITMIME SIZE=" + body.length + "\r\n"
                + "RCPT TO:<a@in.edge.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;a@in.edge.test\r\n"
                + "RCPT TO:<b@other.edge.test>\r\nDATA\r\n");
        assertThat(out).contains("250 AUTH CRAM-MD5 PLAIN LOGIN", "235 2.7.0", "354 ");
        String stuffed = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n.dot", "\r\n..dot") + ".\r\n";
        out = talk(stuffed);
        assertThat(out).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{20}\r\n");
        String queueId = out.substring(out.lastIndexOf(' ') + 1).trim();

        FakeStore.Stored m = store.stored.get(0);
        String text = new String(m.message(), StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n", text.indexOf("\r\n\t", text.indexOf(";\r\n")) + 1) + 2;
        String received = text.substring(0, end);
        assertThat(received).startsWith("Received: from client.example ([192.0.2.10])\r\n\tby mx.gw.test (Dequeue) with ESMTPSA id "
                + queueId + ";\r\n\t");
        byte[] after = java.util.Arrays.copyOfRange(m.message(), end, m.message().length);
        assertThat(after).isEqualTo(body);

        Envelope e = m.envelope();
        assertThat(e.queueId()).isEqualTo(queueId);
        assertThat(e.reversePath()).isEqualTo("sender@remote.example");
        assertThat(e.ret()).isEqualTo(Envelope.Ret.HDRS);
        assertThat(e.envid()).isEqualTo("QQ314159");
        assertThat(e.body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
        assertThat(e.size()).isEqualTo(m.message().length);
        assertThat(e.recipients()).containsExactly(
                new Envelope.Recipient("a@in.edge.test", List.of(Envelope.Notify.FAILURE, Envelope.Notify.DELAY), "rfc822;a@in.edge.test"),
                new Envelope.Recipient("b@other.edge.test"));
        assertThat(e.clientAddress()).isEqualTo("192.0.2.10");
        assertThat(e.clientHelo()).isEqualTo("client.example");
        assertThat(e.authLogin()).isEqualTo("auth.edge.test");
        assertThat(e.tls()).isTrue();
        assertThat(budget.used()).isZero();
        // the declared SIZE was exact: the buffer was the stored array, never trimmed or grown
        assertThat(budget.peak()).isEqualTo(m.message().length);
    }

    @Test
    void cramMd5InPlaintextPlainOnlyUnderTls() throws Exception {
        start(EdgeHarness.baseSettings());
        assertThat(talk("EHLO client.example\r\n")).contains("250 AUTH CRAM-MD5\r\n").doesNotContain("PLAIN");
        assertThat(talk("AUTH PLAIN AGF1dGguZWRnZS50ZXN0AHMzY3JldC1wdw==\r\n")).startsWith("538 5.7.11");
        String challenge = talk("AUTH CRAM-MD5\r\n");
        assertThat(challenge).startsWith("334 ");
        byte[] c = Base64.getDecoder().decode(challenge.substring(4).trim());
        assertThat(new String(c, StandardCharsets.US_ASCII)).matches("<[^>]+@mx\\.gw\\.test>");
        assertThat(talk(Base64.getEncoder().encodeToString(("auth.edge.test " + hmac("wrong", c)).getBytes()) + "\r\n"))
                .startsWith("535 5.7.8");
        challenge = talk("AUTH CRAM-MD5\r\n");
        byte[] c2 = Base64.getDecoder().decode(challenge.substring(4).trim());
        assertThat(c2).isNotEqualTo(c);
        assertThat(talk(Base64.getEncoder().encodeToString(("auth.edge.test " + hmac("s3cret-pw", c2)).getBytes()) + "\r\n"))
                .startsWith("235 2.7.0");
        // AUTH never opens the relay
        assertThat(talk("MAIL FROM:<x@auth.edge.test>\r\nRCPT TO:<y@elsewhere.example>\r\n")).endsWith("550 5.7.1 Relay access denied\r\n");
    }

    static String hmac(String password, byte[] challenge) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        return HexFormat.of().formatHex(mac.doFinal(challenge));
    }

    @Test
    void aStoreFailureIs451AndNothingIsAcknowledged() {
        start(EdgeHarness.baseSettings());
        store.mode = FakeStore.Mode.FAIL;
        String out = talk("EHLO client.example\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\nhi\r\n.\r\n");
        assertThat(out).endsWith("451 4.3.0 Temporary storage failure, try again later\r\n");
        store.mode = FakeStore.Mode.OK;
        assertThat(talk("MAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\nhi\r\n.\r\n")).contains("250 2.0.0 Ok: queued as ");
        assertThat(budget.used()).isZero();
        assertThat(registry.get("dequeue.edge.smtp.messages").tag("result", "failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.messages").tag("result", "stored").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aStoreThatNeverAnswersTimesOutWith451() throws Exception {
        start(EdgeHarness.baseSettings().toBuilder().storeTimeout(Duration.ofMillis(200)).build());
        store.mode = FakeStore.Mode.HANG;
        String out = talk("EHLO client.example\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\nhi\r\n.\r\nNOOP\r\n");
        assertThat(out).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
        long deadline = System.currentTimeMillis() + 5000;
        String late = "";
        while (!late.contains("250 2.0.0 Ok\r\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            late += transport.takeOutputText();
        }
        // the reply to DATA, then the pipelined NOOP, in order
        assertThat(late).isEqualTo("451 4.3.0 Temporary storage failure, try again later\r\n250 2.0.0 Ok\r\n");
        assertThat(budget.used()).isZero();
    }

    @Test
    void theMemoryBudgetRefusesDataWith452() {
        MemoryBudget tiny = new MemoryBudget(20_000);
        SmtpServices s = new SmtpServices(services.gateways(), services.recipients(), store, services.auth(), () -> null,
                new SmtpMetrics(new SimpleMeterRegistry(), tiny), tiny, services.clock());
        EdgeHarness.start(transport, EdgeHarness.baseSettings(), s);
        transport.takeOutput();
        String out = talk("EHLO client.example\r\nMAIL FROM:<s@remote.example> SIZE=20000\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n");
        assertThat(out).endsWith("250 2.1.5 Recipient ok\r\n452 4.3.1 Insufficient system storage, try again later\r\n");
        out = talk("RSET\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n" + "x".repeat(998) + "\r\n");
        for (int i = 0; i < 20; i++) {
            talk("x".repeat(998) + "\r\n");
        }
        assertThat(talk(".\r\n")).isEqualTo("451 4.3.0 Temporary storage failure, try again later\r\n");
        assertThat(tiny.used()).isZero();
    }

    @Test
    void declaredSizesReserveNothingTheClientDoesNotSend() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        SmtpServices s = new SmtpServices(services.gateways(), services.recipients(), store, services.auth(), () -> null,
                new SmtpMetrics(new SimpleMeterRegistry(), budget), budget, services.clock());
        List<InMemoryTransport> idle = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            InMemoryTransport t = new InMemoryTransport();
            EdgeHarness.start(t, EdgeHarness.baseSettings(), s);
            t.clientSend(("EHLO idle" + i + ".example\r\nMAIL FROM:<s@remote.example> SIZE=26214400\r\n"
                    + "RCPT TO:<a@in.edge.test>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(t.takeOutputText()).as("idle session %d", i).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
            idle.add(t);
        }
        assertThat(budget.used()).as("ten declared 25 MiB bodies, nothing sent").isLessThan(10L * 66 * 1024);

        EdgeHarness.start(transport, EdgeHarness.baseSettings(), s);
        transport.takeOutput();
        assertThat(talk("EHLO client.example\r\nMAIL FROM:<s@remote.example> SIZE=26214400\r\nRCPT TO:<a@in.edge.test>\r\n"
                + "DATA\r\nSubject: normal\r\n\r\nhello\r\n.\r\n")).contains("354 ").endsWith("\r\n")
                .containsPattern("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{20}\r\n$");

        // real bytes past the budget are still refused
        talk("MAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n");
        String line = "x".repeat(998) + "\r\n";
        for (int i = 0; i < 1100; i++) {
            talk(line);
        }
        assertThat(talk(".\r\n")).isEqualTo("451 4.3.0 Temporary storage failure, try again later\r\n");

        for (InMemoryTransport t : idle) {
            t.clientClose();
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void fiftyReceivedFieldsPassTheFirstMoreIsALoop() {
        start(EdgeHarness.baseSettings());
        talk("EHLO client.example\r\n");
        String hop = "Received: from relay.example by next.example; Tue, 1 Dec 2026 10:00:00 +0000\r\n";
        String tx = "MAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n";
        assertThat(talk(tx + hop.repeat(50) + "Subject: 50 hops\r\n\r\nx\r\n.\r\n")).contains("250 2.0.0 Ok: queued as ");
        assertThat(talk(tx + hop.repeat(51) + "Subject: 51 hops\r\n\r\nx\r\n.\r\n"))
                .endsWith("354 End data with <CR><LF>.<CR><LF>\r\n554 5.4.6 Routing loop detected: too many Received headers\r\n");
        assertThat(store.stored).hasSize(1);
        assertThat(budget.used()).isZero();
    }

    @Test
    void countsRepliesPerVerbAndClass() {
        start(EdgeHarness.baseSettings());
        talk("EHLO client.example\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nRCPT TO:<a@elsewhere.example>\r\n"
                + "RCPT TO:<a@full.edge.test>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n");
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "RCPT", "class", "2xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "RCPT", "class", "5xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "RCPT", "class", "4xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "DATA", "class", "3xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "DATA", "class", "2xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.replies").tags("verb", "CONNECT", "class", "2xx").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.recipients.refused").tag("rule", "relay").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.recipients.refused").tag("rule", "quota").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dequeue.edge.smtp.sessions.active").gauge().value()).isZero();
    }
}
