package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.edge.kafka.EdgeProducer;
import io.dequeue.edge.kafka.MailStore;
import io.dequeue.edge.kafka.UsageView;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the running edge writes to Kafka for a message, and when it answers. */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class MailAcceptedTest {

    @Inject
    SmtpListener listener;

    @Inject
    GatewayDirectory directory;

    @Inject
    UsageView usage;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaFixture kafka;

    @BeforeEach
    void fixture() throws Exception {
        kafka = KafkaFixture.get(bootstrap, directory, usage);
    }

    static final byte[] BODY = ("From: <sender@remote.example>\r\nTo: <a@in.edge.test>\r\nSubject: stored as sent\r\n\r\n"
            + "8-bit \u00e9\u00ff and a NUL \u0000 byte\r\n.a line that starts with a dot\r\n..two dots\r\n\r\nthe end\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    static byte[] dotStuffed(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\r\n", -1)) {
            out.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        out.setLength(out.length() - 2);
        return (out + ".\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneRecordPerRecipientDomainByteIdenticalAfterTheReceivedLineAckedBeforeThe250() throws Exception {
        String queueId;
        try (KafkaConsumer<byte[], byte[]> offsets = consumer(); TestClient c = new TestClient(listener.port())) {
            Map<TopicPartition, Long> before = endOffsets(offsets);
            assertThat(c.reply()).startsWith("220 mx.gw.test ESMTP");
            c.send("EHLO client.example\r\n");
            assertThat(c.reply()).startsWith("250 ");
            c.send("MAIL FROM:<sender@remote.example> RET=HDRS ENVID=QQ314159 BODY=8BITMIME SIZE=" + BODY.length + "\r\n"
                    + "RCPT TO:<a@in.edge.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@in.edge.test\r\n"
                    + "RCPT TO:<b@other.edge.test> NOTIFY=NEVER\r\n"
                    + "RCPT TO:<c@In.Edge.Test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("354 ");
            c.send(dotStuffed(BODY));
            String reply = c.reply();
            assertThat(reply).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{20}");
            queueId = reply.substring(reply.lastIndexOf(' ') + 1);
            // Acknowledged before the 250: both records are below the end offsets right now.
            Map<TopicPartition, Long> after = endOffsets(offsets);
            long written = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
            assertThat(written).isGreaterThanOrEqualTo(2);
            c.send("QUIT\r\n");
            assertThat(c.reply()).startsWith("221 ");
        }
        List<KafkaFixture.Accepted> records = kafka.awaitAccepted(queueId, 2);
        assertThat(records).hasSize(2);
        Map<String, KafkaFixture.Accepted> byKey = records.stream().collect(Collectors.toMap(KafkaFixture.Accepted::key, a -> a));
        assertThat(byKey.keySet()).containsExactlyInAnyOrder("in.edge.test", "other.edge.test");
        byte[] stored = byKey.get("in.edge.test").value();
        assertThat(byKey.get("other.edge.test").value()).isEqualTo(stored);
        for (KafkaFixture.Accepted a : records) {
            assertThat(a.afterReceived()).isEqualTo(BODY);
            assertThat(a.receivedLine()).matches("Received: from client\\.example \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                    + "\tby mx\\.gw\\.test \\(Dequeue\\) with ESMTP id " + queueId + ";\r\n"
                    + "\t[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000\r\n");
            assertThat(a.ceType()).isEqualTo(EventTypes.MAIL_ACCEPTED);
            Envelope e = a.envelope();
            assertThat(e.queueId()).isEqualTo(queueId);
            assertThat(e.messageId()).startsWith(queueId + ".");
            assertThat(e.reversePath()).isEqualTo("sender@remote.example");
            assertThat(e.ret()).isEqualTo(Envelope.Ret.HDRS);
            assertThat(e.envid()).isEqualTo("QQ314159");
            assertThat(e.body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
            assertThat(e.size()).isEqualTo(stored.length);
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.clientHelo()).isEqualTo("client.example");
            assertThat(e.tls()).isFalse();
            assertThat(e.authLogin()).isNull();
        }
        assertThat(byKey.get("in.edge.test").envelope().recipients()).containsExactly(
                new Envelope.Recipient("a@in.edge.test", List.of(Envelope.Notify.SUCCESS, Envelope.Notify.FAILURE), "rfc822;a@in.edge.test"),
                new Envelope.Recipient("c@In.Edge.Test"));
        assertThat(byKey.get("other.edge.test").envelope().recipients()).containsExactly(
                new Envelope.Recipient("b@other.edge.test", List.of(Envelope.Notify.NEVER), null));
        // one lifecycle "accepted" event per record
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.lifecycle.stream()
                .filter(ev -> ev.type() == LifecycleEvent.Type.ACCEPTED && ev.messageId().startsWith(queueId)).count() == 2);
        // stamped with the time the record was written, not the later time its acknowledgement came
        // back: queue-service's "held" (stamped when it reads the record) never precedes "accepted"
        for (KafkaFixture.Accepted a : records) {
            LifecycleEvent accepted = kafka.lifecycle.stream()
                    .filter(ev -> ev.type() == LifecycleEvent.Type.ACCEPTED && ev.messageId().equals(a.envelope().messageId()))
                    .findFirst().orElseThrow();
            assertThat(accepted.at().toEpochMilli()).isEqualTo(a.timestamp());
        }
    }

    @Test
    void kafkaUnavailableGives451AndNothingIsAcknowledged() throws Exception {
        Map<String, Object> props = ProducerDefaults.reliable("127.0.0.1:1", "edge-test-unreachable");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2500);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        EdgeProducer down = new EdgeProducer(props, "test");
        MailStore store = new MailStore(down);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SmtpServices real = listener.services();
        SmtpServices services = new SmtpServices(real.gateways(), real.recipients(),
                (env, msg) -> CompletableFuture.supplyAsync(() -> store.store(env, msg), pool).thenCompose(f -> f),
                real.auth(), () -> null, real.metrics(), real.budget(), real.clock());
        RunningListener l = listener.open(listener.settings().toBuilder().port(0).host("127.0.0.1").build(), services)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String marker = "unreachable-" + System.nanoTime();
        try (TestClient c = new TestClient(l.port())) {
            c.reply();
            c.send("EHLO client.example\r\nMAIL FROM:<" + marker + "@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            assertThat(c.reply()).startsWith("354");
            long t = System.nanoTime();
            c.send("Subject: " + marker + "\r\n\r\nnever stored\r\n.\r\n");
            assertThat(c.reply()).isEqualTo("451 4.3.0 Temporary storage failure, try again later");
            assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(10_000);
            // the session goes on
            c.send("NOOP\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            down.close();
            pool.shutdown();
        }
        // A fence: a message for the same domain (so the same partition) through the running
        // listener, after the refused one. Once the fence is read, a record of the refused message
        // would have been read too.
        String fence = "fence-" + System.nanoTime();
        try (TestClient c = new TestClient(listener.port())) {
            c.reply();
            c.send("EHLO client.example\r\nMAIL FROM:<" + fence + "@remote.example>\r\nRCPT TO:<a@in.edge.test>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            assertThat(c.reply()).startsWith("354");
            c.send("Subject: " + fence + "\r\n\r\nstored\r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !kafka.bySender(fence + "@remote.example").isEmpty());
        assertThat(kafka.bySender(marker + "@remote.example")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> real.budget().used() == 0);
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Map<TopicPartition, Long> endOffsets(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> tps = c.partitionsFor(Topics.MAIL_ACCEPTED).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        return c.endOffsets(tps);
    }
}
