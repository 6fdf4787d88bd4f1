package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.QueuePlayer;
import io.dequeue.edge.dequeue.Settings;
import io.dequeue.edge.dequeue.TestGateways;
import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.edge.smtp.SmtpListener;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.view.GatewayDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One ATRN customer that does not keep up must slow only its own session: the edge's reply
 * partition goes on being read, so another customer's ATRN is granted and delivered and an ETRN
 * gets queue-service's count. The test profile holds at most 1 MiB of released messages in all and
 * 256 KiB per session; the slow customer is released 1.2 MB and answers each command after a second.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class AtrnIsolationTest {
    private static QueuePlayer queue;

    @Inject
    OdmrListener odmr;

    @Inject
    SmtpListener smtp;

    @Inject
    GatewayDirectory directory;

    @Inject
    ReplyChannel replies;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
            queue = null;
        }
    }

    static String bigBody(String id) {
        StringBuilder b = new StringBuilder("Subject: big " + id + "\r\n\r\n");
        while (b.length() < 100_000) {
            b.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123\r\n");
        }
        return b.toString();
    }

    static void grant(DomainName d, String releaseId, List<Envelope> envelopes, boolean big) {
        queue.on(d, r -> {
            if (!(r instanceof AtrnRequest)) {
                return List.of();
            }
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
            out.add(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.GRANTED, releaseId, envelopes.size()));
            for (Envelope e : envelopes) {
                out.add(QueuePlayer.atrnMessage(r, releaseId, e, big ? bigBody(e.messageId()) : AtrnReversalTest.body(e)));
            }
            return out;
        });
    }

    double counter(String held) {
        var c = registry.find("dequeue.edge.atrn.messages").tag("held", held).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aCustomerThatDoesNotKeepUpSlowsNobodyElse() throws Exception {
        queue = new QueuePlayer(bootstrap);
        await().atMost(Duration.ofSeconds(30)).until(replies::isReady);
        DomainName slowLogin = TestGateways.fresh("slow");
        DomainName fastLogin = TestGateways.fresh("fast");
        DomainName etrnNode = TestGateways.fresh("etrnnode");
        TestGateways.put(bootstrap, directory, Settings.gateway(slowLogin, null, Settings.atrn(true, true), AccessSettings.DEFAULTS));
        TestGateways.put(bootstrap, directory, Settings.gateway(fastLogin, null, Settings.atrn(true, true), AccessSettings.DEFAULTS));
        TestGateways.put(bootstrap, directory, Settings.gateway(etrnNode, Settings.etrn(true, false), null, AccessSettings.DEFAULTS));
        queue.on(etrnNode, r -> r instanceof EtrnRequest
                ? List.of(QueuePlayer.etrnAnswer(r, EtrnAnswer.Outcome.RELEASED, 4, 0)) : List.<ProducerRecord<byte[], byte[]>>of());

        String slowRel = QueuePlayer.newId();
        List<Envelope> slowMail = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slowMail.add(AtrnReversalTest.envelope("s" + i + "-" + slowRel.substring(0, 6), "a@example.com", "x" + i + "@" + slowLogin));
        }
        grant(slowLogin, slowRel, slowMail, true);
        String fastRel = QueuePlayer.newId();
        grant(fastLogin, fastRel, List.of(
                AtrnReversalTest.envelope("f1-" + fastRel.substring(0, 6), "b@example.com", "y@" + fastLogin),
                AtrnReversalTest.envelope("f2-" + fastRel.substring(0, 6), "b@example.com", "z@" + fastLogin)), false);

        double rereadBefore = counter("reread");
        Customer slow = new Customer(odmr.port());
        AtomicReference<Throwable> slowFailure = new AtomicReference<>();
        Thread slowServer;
        try {
            assertThat(slow.atrn(slowLogin.value(), TestGateways.PASSWORD, slowLogin.value()))
                    .isEqualTo("250 OK now reversing the connection");
            slow.replyDelayMillis = 1000;
            slowServer = new Thread(() -> {
                try {
                    slow.serve(Customer.replies(Map.of()), -1);
                } catch (Throwable t) {
                    slowFailure.set(t);
                }
            }, "slow-customer");
            slowServer.setDaemon(true);
            slowServer.start();
            // its first message is there: all twelve were read off the partition with it
            await().atMost(Duration.ofSeconds(20)).until(() -> !slow.received.isEmpty());

            // another customer's ATRN: granted, delivered
            try (Customer fast = new Customer(odmr.port())) {
                assertThat(fast.atrn(fastLogin.value(), TestGateways.PASSWORD, fastLogin.value()))
                        .isEqualTo("250 OK now reversing the connection");
                fast.serve(Customer.replies(Map.of()), -1);
                assertThat(fast.received).hasSize(2);
                assertThat(fast.commands.get(fast.commands.size() - 1)).isEqualTo("QUIT");
            }
            // an ETRN gets queue-service's count, not the blind 250
            assertThat(etrn(etrnNode)).isEqualTo("253 2.0.0 OK, 4 pending messages for node " + etrnNode + " started");

            // the slow session goes on at its own pace: messages past its share are read again
            await().atMost(Duration.ofSeconds(40)).until(() -> slow.received.size() >= 4);
            assertThat(counter("reread")).isGreaterThan(rereadBefore);
            assertThat(replies.bufferedBytes()).isLessThanOrEqualTo(256 * 1024 + 110_000);
            assertThat(slowFailure.get()).isNull();
        } finally {
            slow.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.requests(slowLogin, AtrnSessionEnd.class).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.bufferedBytes() == 0);
    }

    String etrn(DomainName node) throws Exception {
        try (Socket s = new Socket("127.0.0.1", smtp.port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String l;
            do {
                l = in.readLine();
            } while (l != null && l.charAt(3) == '-');
            out.write(("ETRN " + node + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
