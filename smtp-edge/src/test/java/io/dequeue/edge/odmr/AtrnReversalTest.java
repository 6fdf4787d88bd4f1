package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.QueuePlayer;
import io.dequeue.edge.dequeue.Settings;
import io.dequeue.edge.dequeue.TestGateways;
import io.dequeue.edge.dequeue.TopicTail;
import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Full ATRN reversals against the running edge: a test plays queue-service (grants and released
 * messages on edge.replies) and the customer (ODMR client, then SMTP server on the same socket).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class AtrnReversalTest {
    private static QueuePlayer queue;
    private static TopicTail outcomes;
    private static TopicTail lifecycle;

    @Inject
    OdmrListener listener;

    @Inject
    GatewayDirectory directory;

    @Inject
    ReplyChannel replies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    DomainName login;
    DomainName second;

    @BeforeEach
    void setUp() {
        if (queue == null) {
            queue = new QueuePlayer(bootstrap);
            outcomes = new TopicTail(bootstrap, Topics.DELIVERY_OUTCOMES);
            lifecycle = new TopicTail(bootstrap, Topics.MAIL_LIFECYCLE);
        }
        await().atMost(Duration.ofSeconds(30)).until(replies::isReady);
        login = TestGateways.fresh("pull");
        second = TestGateways.fresh("pull2");
        TestGateways.put(bootstrap, directory, Settings.gateway(login, null, Settings.atrn(true, true), AccessSettings.DEFAULTS));
        TestGateways.put(bootstrap, directory, Settings.gateway(second, null, Settings.atrn(true, false), AccessSettings.DEFAULTS, login));
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
            outcomes.close();
            lifecycle.close();
            queue = null;
        }
    }

    static Envelope envelope(String id, String from, String... rcpts) {
        List<Envelope.Recipient> rs = new ArrayList<>();
        for (String r : rcpts) {
            rs.add(new Envelope.Recipient(r, List.of(Envelope.Notify.FAILURE), "rfc822;" + r));
        }
        return new Envelope(id, "Q" + id, from, Envelope.Ret.HDRS, "ENV" + id, Envelope.Body.EIGHT_BIT_MIME, 100, rs,
                "198.51.100.20", "mail.example.com", null, false, Instant.now());
    }

    /** Grants the domain with these messages, each sent right after the grant. */
    static void grant(DomainName d, String releaseId, List<Envelope> envelopes) {
        queue.on(d, r -> {
            if (!(r instanceof AtrnRequest)) {
                return List.of();
            }
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
            out.add(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.GRANTED, releaseId, envelopes.size()));
            for (Envelope e : envelopes) {
                out.add(QueuePlayer.atrnMessage(r, releaseId, e, body(e)));
            }
            return out;
        });
    }

    static String body(Envelope e) {
        return "Subject: test " + e.messageId() + "\r\nFrom: <" + e.reversePath() + ">\r\n\r\nHello\r\n.leading dot\r\nGr\u00fc\u00dfe\r\n";
    }

    List<DeliveryOutcome> outcomesOf(String releaseId) {
        return outcomes.records().stream().map(r -> ContractSerdes.deliveryOutcome().deserialize(r.topic(), r.value()))
                .filter(o -> o.releaseId().equals(releaseId)).toList();
    }

    List<LifecycleEvent> lifecycleOf(DomainName d) {
        return lifecycle.records(TopicTail.key(d.value())).stream()
                .map(r -> ContractSerdes.lifecycleEvent().deserialize(r.topic(), r.value())).toList();
    }

    @Test
    void fullReversalWithTransientAndPermanentRecipients() throws Exception {
        String rel1 = QueuePlayer.newId();
        String rel2 = QueuePlayer.newId();
        Envelope m1 = envelope("m1-" + rel1.substring(0, 6), "alice@example.com",
                "ok@" + login, "later@" + login, "bad@" + login);
        // a recipient of another domain never goes over this connection
        Envelope m2 = envelope("m2-" + rel1.substring(0, 6), "bob@example.com", "ok2@" + login, "someone@elsewhere.example");
        Envelope m3 = envelope("m3-" + rel2.substring(0, 6), "", "info@" + second);
        grant(login, rel1, List.of(m1, m2));
        grant(second, rel2, List.of(m3));

        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login + "," + second))
                    .isEqualTo("250 OK now reversing the connection");
            c.serve(Customer.replies(Map.of(
                    "later@" + login, "450 4.2.1 Mailbox busy",
                    "bad@" + login, "550 5.1.1 No such user")), -1);
            assertThat(c.commands).startsWith("EHLO " + c.commands.get(0).substring(5));
            assertThat(c.commands.get(c.commands.size() - 1)).isEqualTo("QUIT");
            assertThat(c.commands).noneMatch(l -> l.toUpperCase().startsWith("STARTTLS"));
            assertThat(c.received).hasSize(3);
            // one grant's messages come in order; the two grants' may interleave
            List<Customer.Received> first = c.received.stream().filter(r -> r.rcptTo().get(0).endsWith("@" + login)).toList();
            assertThat(first).hasSize(2);
            assertThat(first.get(0).rcptTo()).containsExactly("ok@" + login);
            assertThat(first.get(0).data()).contains("\r\n.leading dot\r\n")
                    .contains(new String("Gr\u00fc\u00dfe".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            java.nio.charset.StandardCharsets.ISO_8859_1)); // 8-bit clean
            assertThat(first.get(1).rcptTo()).containsExactly("ok2@" + login);
            Customer.Received other = c.received.stream().filter(r -> r.rcptTo().get(0).endsWith("@" + second)).findFirst().orElseThrow();
            assertThat(other.mailFrom()).isEmpty();
            assertThat(c.commands).noneMatch(l -> l.contains("elsewhere.example"));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> outcomesOf(rel1).size() == 2 && outcomesOf(rel2).size() == 1);
        DeliveryOutcome o1 = outcomesOf(rel1).stream().filter(o -> o.messageId().equals(m1.messageId())).findFirst().orElseThrow();
        assertThat(o1.domain()).isEqualTo(login);
        assertThat(o1.deliveredBy()).startsWith("smtp-edge:");
        assertThat(o1.remoteHost()).isEqualTo("127.0.0.1");
        assertThat(o1.results()).extracting(DeliveryOutcome.RecipientResult::recipient, DeliveryOutcome.RecipientResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ok@" + login, DeliveryOutcome.Status.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("later@" + login, DeliveryOutcome.Status.TRANSIENT),
                        org.assertj.core.groups.Tuple.tuple("bad@" + login, DeliveryOutcome.Status.PERMANENT));
        assertThat(o1.results().get(1).reply().code()).isEqualTo(450);
        assertThat(o1.results().get(2).reply().enhanced()).isEqualTo("5.1.1");
        DeliveryOutcome o2 = outcomesOf(rel1).stream().filter(o -> o.messageId().equals(m2.messageId())).findFirst().orElseThrow();
        assertThat(o2.results()).extracting(DeliveryOutcome.RecipientResult::recipient).containsExactly("ok2@" + login);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1
                && queue.requests(second, AtrnSessionEnd.class).size() == 1);
        assertThat(queue.requests(login, AtrnSessionEnd.class).get(0).releaseId()).isEqualTo(rel1);
        assertThat(queue.requests(second, AtrnSessionEnd.class).get(0).releaseId()).isEqualTo(rel2);

        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycleOf(login).stream()
                .anyMatch(e -> e.type() == LifecycleEvent.Type.ATRN && "ended".equals(e.details().get("result"))));
        List<LifecycleEvent> events = lifecycleOf(login);
        assertThat(events).anyMatch(e -> e.type() == LifecycleEvent.Type.ATRN && "granted".equals(e.details().get("result")));
        assertThat(events).anyMatch(e -> e.type() == LifecycleEvent.Type.ATRN && "reversing".equals(e.details().get("result")));
        assertThat(events).anyMatch(e -> e.type() == LifecycleEvent.Type.DELIVERED && ("ok@" + login).equals(e.details().get("recipient")));
        assertThat(events).anyMatch(e -> e.type() == LifecycleEvent.Type.DEFERRED);
        assertThat(events).anyMatch(e -> e.type() == LifecycleEvent.Type.FAILED);
        LifecycleEvent end = events.stream().filter(e -> "ended".equals(e.details().get("result"))).findFirst().orElseThrow();
        assertThat(end.details()).containsEntry("end", "completed").containsEntry("messages", 2)
                .containsEntry("delivered", 2).containsEntry("deferred", 1).containsEntry("failed", 1)
                .containsEntry("login", login.value()).containsEntry("clientAddress", "127.0.0.1");
    }

    @Test
    void implicitTlsPortKeepsTlsAcrossTheTurn() throws Exception {
        assertThat(listener.tlsPort()).isPositive();
        String rel = QueuePlayer.newId();
        grant(login, rel, List.of(envelope("t1-" + rel.substring(0, 6), "a@example.com", "x@" + login)));
        try (Customer c = Customer.tls(listener.tlsPort())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).isEqualTo("250 OK now reversing the connection");
            assertThat(c.transcript).anyMatch(l -> l.startsWith("<< 250-AUTH CRAM-MD5 PLAIN LOGIN"))
                    .noneMatch(l -> l.contains("STARTTLS"));
            c.serve(Customer.replies(Map.of()), -1);
            assertThat(c.received).hasSize(1);
            assertThat(c.commands).noneMatch(l -> l.toUpperCase().startsWith("STARTTLS"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomesOf(rel).size() == 1);
        assertThat(outcomesOf(rel).get(0).results().get(0).status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
    }

    @Test
    void deadCustomerLeavesEverythingHeld() throws Exception {
        String rel = QueuePlayer.newId();
        grant(login, rel, List.of(envelope("d1-" + rel.substring(0, 6), "a@example.com", "x@" + login)));
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).startsWith("250 ");
        } // closes without a 220
        await().atMost(Duration.ofSeconds(15)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(outcomesOf(rel)).isEmpty();
    }

    @Test
    void garbageInsteadOfGreeting() throws Exception {
        String rel = QueuePlayer.newId();
        grant(login, rel, List.of(envelope("g1-" + rel.substring(0, 6), "a@example.com", "x@" + login)));
        queue.on(second, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0))
                : List.<ProducerRecord<byte[], byte[]>>of());
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, null)).startsWith("250 ");
            c.send("this is not SMTP");
            assertThat(c.line()).isNull(); // the edge hangs up, sending nothing
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(outcomesOf(rel)).isEmpty();
    }

    @Test
    void silentCustomerTimesOut() throws Exception {
        String rel = QueuePlayer.newId();
        grant(login, rel, List.of(envelope("s1-" + rel.substring(0, 6), "a@example.com", "x@" + login)));
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).startsWith("250 ");
            long t0 = System.nanoTime();
            assertThat(c.line()).isNull(); // greeting timeout (3 s in tests): closed, nothing sent
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(outcomesOf(rel)).isEmpty();
    }

    @Test
    void connectionLostMidTransactionIsTransient() throws Exception {
        String rel = QueuePlayer.newId();
        Envelope m = envelope("l1-" + rel.substring(0, 6), "a@example.com", "x@" + login, "y@" + login);
        grant(login, rel, List.of(m, envelope("l2-" + rel.substring(0, 6), "a@example.com", "z@" + login)));
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).startsWith("250 ");
            c.serve(Customer.replies(Map.of()), 2);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomesOf(rel).size() == 1);
        DeliveryOutcome o = outcomesOf(rel).get(0);
        assertThat(o.messageId()).isEqualTo(m.messageId());
        assertThat(o.results()).allMatch(r -> r.status() == DeliveryOutcome.Status.TRANSIENT).hasSize(2);
    }

    @Test
    void messagesTheQueueNeverSendsDoNotHoldTheSessionForever() throws Exception {
        String rel = QueuePlayer.newId();
        queue.on(login, r -> r instanceof AtrnRequest
                ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.GRANTED, rel, 2),
                QueuePlayer.atrnMessage(r, rel, envelope("w1-" + rel.substring(0, 6), "a@example.com", "x@" + login), "Subject: x\r\n\r\nx\r\n"))
                : List.<ProducerRecord<byte[], byte[]>>of());
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).startsWith("250 ");
            c.serve(Customer.replies(Map.of()), -1); // one message, then QUIT after the wait (5 s in tests)
            assertThat(c.received).hasSize(1);
            assertThat(c.commands.get(c.commands.size() - 1)).isEqualTo("QUIT");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(outcomesOf(rel)).hasSize(1);
        List<DequeueRequest> all = queue.requests(login);
        assertThat(all.get(0)).isInstanceOf(AtrnRequest.class);
    }

    /**
     * The client sends bytes after ATRN while the grant is awaited (a forged greeting): refused and
     * closed at once, the grant that comes later is given back, nothing is delivered, and the mail
     * goes to the next proper ATRN.
     */
    @Test
    void talkingPastAtrnWhileTheGrantIsAwaitedKeepsTheMailHeld() throws Exception {
        String rel = QueuePlayer.newId();
        Envelope m = envelope("p1-" + rel.substring(0, 6), "a@example.com", "x@" + login);
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(1);
        queue.on(login, r -> {
            if (!(r instanceof AtrnRequest)) {
                return List.of();
            }
            asked.countDown();
            try {
                // the grant comes only once the client has talked past ATRN
                refused.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.GRANTED, rel, 1), QueuePlayer.atrnMessage(r, rel, m, body(m)));
        });
        try (Customer c = new Customer(listener.port())) {
            c.login(login.value(), TestGateways.PASSWORD);
            c.send("ATRN " + login);
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("the edge asked for the grant").isTrue();
            c.send("220 injected");
            assertThat(c.line()).isEqualTo("450 ATRN request refused");
            refused.countDown();
            assertThat(c.line()).isNull();
        } finally {
            refused.countDown();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(queue.requests(login, AtrnSessionEnd.class).get(0).releaseId()).isEqualTo(rel);

        // still held: a proper ATRN gets it
        String rel2 = QueuePlayer.newId();
        grant(login, rel2, List.of(m));
        try (Customer c = new Customer(listener.port())) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, login.value())).isEqualTo("250 OK now reversing the connection");
            c.serve(Customer.replies(Map.of()), -1);
            assertThat(c.received).hasSize(1);
            assertThat(c.received.get(0).rcptTo()).containsExactly("x@" + login);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> outcomesOf(rel2).size() == 1);
        assertThat(outcomesOf(rel)).as("nothing went over the refused connection").isEmpty();
        assertThat(lifecycleOf(login)).noneMatch(e -> "reversing".equals(e.details().get("result")) && rel.equals(e.details().get("releaseId")));
    }
}
