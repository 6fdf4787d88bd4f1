package io.dequeue.edge.dequeue;

import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.edge.smtp.SmtpListener;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.ContractSerdes;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.topic.Topics;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.dequeue.edge.dequeue.Settings.access;
import static io.dequeue.edge.dequeue.Settings.etrn;
import static io.dequeue.edge.dequeue.Settings.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ETRN over TCP against the running edge's SMTP port, rule by rule (dialogue scripts), with a test
 * playing queue-service on dequeue.requests / edge.replies.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class EtrnOverTcpTest {
    private static QueuePlayer queue;
    private static TopicTail lifecycle;
    private static final Map<String, DomainName> D = new HashMap<>();

    @Inject
    SmtpListener smtp;

    @Inject
    GatewayDirectory directory;

    @Inject
    ReplyChannel replies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void setUp() {
        await().atMost(Duration.ofSeconds(30)).until(replies::isReady);
        if (queue != null) {
            return;
        }
        queue = new QueuePlayer(bootstrap);
        lifecycle = new TopicTail(bootstrap, Topics.MAIL_LIFECYCLE);
        for (String k : List.of("OPEN", "NONE", "SILENT", "AUTH", "OTHER", "OFF", "IGNORED", "HONOR", "TREE", "THROTTLE")) {
            D.put(k, TestGateways.fresh(k.toLowerCase()));
        }
        DomainName tree = D.get("TREE");
        D.put("TREE_A", DomainName.parse("a." + tree));
        D.put("TREE_B", DomainName.parse("b.x." + tree));
        D.put("TREE_OFF", DomainName.parse("c." + tree));
        D.put("TREE_AUTH", DomainName.parse("d." + tree));
        AccessSettings open = AccessSettings.DEFAULTS;
        put(gateway(D.get("OPEN"), etrn(true, false), null, open));
        put(gateway(D.get("NONE"), etrn(true, false), null, open));
        put(gateway(D.get("THROTTLE"), etrn(true, false), null, open));
        put(gateway(D.get("SILENT"), etrn(true, false), null, open));
        put(gateway(D.get("AUTH"), etrn(true, true), null, open));
        put(gateway(D.get("OTHER"), etrn(true, true), null, open));
        put(gateway(D.get("OFF"), etrn(false, false), null, open));
        put(gateway(D.get("IGNORED"), etrn(true, false), null, access(List.of(), List.of("127.0.0.0/8"), true)));
        put(gateway(D.get("HONOR"), etrn(true, false), null, access(List.of("10.0.0.0/8"), List.of(), true), D.get("AUTH")));
        put(gateway(D.get("TREE_A"), etrn(true, false), null, open));
        put(gateway(D.get("TREE_B"), etrn(true, false), null, open));
        put(gateway(D.get("TREE_OFF"), etrn(false, false), null, open));
        put(gateway(D.get("TREE_AUTH"), etrn(true, true), null, open));
        answer("OPEN", EtrnAnswer.Outcome.RELEASED, 3);
        answer("NONE", EtrnAnswer.Outcome.NONE, 0);
        answer("THROTTLE", EtrnAnswer.Outcome.NONE, 0);
        answer("AUTH", EtrnAnswer.Outcome.RELEASED, 2);
        answer("OTHER", EtrnAnswer.Outcome.RELEASED, 1);
        answer("HONOR", EtrnAnswer.Outcome.NONE, 0);
        answer("IGNORED", EtrnAnswer.Outcome.RELEASED, 1);
        answer("TREE_A", EtrnAnswer.Outcome.RELEASED, 1);
        answer("TREE_B", EtrnAnswer.Outcome.RELEASED, 2);
        answer("TREE_AUTH", EtrnAnswer.Outcome.RELEASED, 5);
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
            lifecycle.close();
            queue = null;
        }
    }

    private void put(io.dequeue.model.settings.GatewaySettings s) {
        TestGateways.put(bootstrap, directory, s);
    }

    private static void answer(String key, EtrnAnswer.Outcome outcome, int released) {
        queue.on(D.get(key), r -> r instanceof EtrnRequest ? List.of(QueuePlayer.etrnAnswer(r, outcome, released, 0)) : List.of());
    }

    private void play(String script) throws Exception {
        Map<String, String> values = new HashMap<>();
        D.forEach((k, v) -> values.put(k, v.value()));
        Scripts.play("/dialogues/" + script, smtp.port(), values);
    }

    private List<EtrnRequest> requests(String key) {
        return queue.requests(D.get(key), EtrnRequest.class);
    }

    @Test
    void ehloOffersEtrn() throws Exception {
        try (Socket s = new Socket("127.0.0.1", smtp.port())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            String l;
            do {
                l = in.readLine();
                lines.add(l);
            } while (l != null && l.charAt(3) == '-');
            assertThat(lines).anyMatch(x -> x.substring(4).equals("ETRN"));
        }
    }

    @Test
    void syntaxAndSequence() throws Exception {
        play("etrn-syntax.txt");
        assertThat(requests("OPEN")).isEmpty();
    }

    @Test
    void refusedAtTheDoor() throws Exception {
        play("etrn-refused.txt");
        for (String k : List.of("OFF", "IGNORED", "HONOR", "AUTH", "OTHER")) {
            assertThat(requests(k)).as(k).isEmpty();
        }
    }

    @Test
    void authenticated() throws Exception {
        play("etrn-auth.txt");
        assertThat(requests("IGNORED")).isEmpty();
        assertThat(requests("OTHER")).isEmpty();
        assertThat(requests("HONOR")).hasSize(1);
        EtrnRequest r = requests("AUTH").get(0);
        assertThat(r.authLogin()).isEqualTo(D.get("AUTH").value());
        assertThat(r.requesterAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void answersFromTheQueue() throws Exception {
        play("etrn-answers.txt");
        EtrnRequest open = requests("OPEN").get(0);
        assertThat(open.requesterAddress()).isEqualTo("127.0.0.1");
        assertThat(open.replyPartition()).isEqualTo(replies.partition());
        assertThat(open.sessionId()).isNotBlank();
        assertThat(open.authLogin()).isNull();
        assertThat(requests("SILENT")).hasSize(1);
        // ETRN @tree: one request per gateway under it that this client may dequeue
        assertThat(requests("TREE_A")).hasSize(1);
        assertThat(requests("TREE_B")).hasSize(1);
        assertThat(requests("TREE_OFF")).isEmpty();
        assertThat(requests("TREE_AUTH")).isEmpty();
        assertThat(requests("TREE_A").get(0).sessionId()).isEqualTo(requests("TREE_B").get(0).sessionId());

        await().atMost(Duration.ofSeconds(10)).until(() -> etrnEvents("OPEN").stream()
                .anyMatch(e -> "released".equals(e.details().get("result"))));
        LifecycleEvent e = etrnEvents("OPEN").stream().filter(x -> "released".equals(x.details().get("result"))).findFirst().orElseThrow();
        assertThat(e.service()).isEqualTo("smtp-edge");
        assertThat(e.details()).containsEntry("requesterAddress", "127.0.0.1").containsEntry("released", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> etrnEvents("SILENT").stream()
                .anyMatch(x -> "no-answer".equals(x.details().get("result"))));
    }

    @Test
    void throttledPastEight() throws Exception {
        Map<String, DomainName> saved = new HashMap<>(D);
        try {
            D.put("NONE", D.get("THROTTLE"));
            play("etrn-throttle.txt");
        } finally {
            D.clear();
            D.putAll(saved);
        }
        assertThat(requests("THROTTLE")).hasSize(8);
    }

    @Inject
    io.dequeue.edge.config.EdgeConfig edgeConfig;

    @Inject
    EtrnConfig etrnConfig;

    @Inject
    DequeueAudit audit;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** A handler whose Kafka is unreachable: the request cannot be stored, the client hears 458. */
    @Test
    void requestNotStoredIs458() throws Exception {
        Map<String, Object> settings = new HashMap<>(io.dequeue.model.serde.ProducerDefaults.reliable("127.0.0.1:1", "edge-test-down"));
        settings.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        io.dequeue.edge.kafka.EdgeProducer down = new io.dequeue.edge.kafka.EdgeProducer(settings, "/dequeue/smtp-edge/test");
        try {
            RequestSender sender = new RequestSender();
            sender.producer = down;
            GatewayEtrnHandler h = new GatewayEtrnHandler();
            h.directory = directory;
            h.replies = replies;
            h.sender = sender;
            h.edgeConfig = edgeConfig;
            h.etrnConfig = etrnConfig;
            h.audit = audit;
            h.registry = registry;
            h.init();
            io.dequeue.smtp.reply.Reply reply = h.etrn(new FakeSession(), new io.dequeue.smtp.command.Command.Etrn(
                    new io.dequeue.smtp.command.Command.Node(D.get("OPEN").value())))
                    .toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reply.toString()).isEqualTo("458 4.3.0 Unable to queue messages for node " + D.get("OPEN"));
            sender.stop();
        } finally {
            down.close();
        }
    }

    /** An SMTP session after EHLO from 127.0.0.1, not authenticated, first ETRN. */
    static final class FakeSession implements io.dequeue.smtp.server.SessionInfo {
        private final Map<String, Object> attributes = new HashMap<>();

        public String id() {
            return "fake-1";
        }

        public io.dequeue.smtp.server.ServerConfig config() {
            return io.dequeue.smtp.server.ServerConfig.smtp();
        }

        public io.dequeue.smtp.server.State state() {
            return io.dequeue.smtp.server.State.READY;
        }

        public io.vertx.core.net.SocketAddress remoteAddress() {
            return io.vertx.core.net.SocketAddress.inetSocketAddress(40000, "127.0.0.1");
        }

        public io.vertx.core.net.SocketAddress localAddress() {
            return io.vertx.core.net.SocketAddress.inetSocketAddress(25, "127.0.0.1");
        }

        public boolean isTls() {
            return false;
        }

        public String heloDomain() {
            return "client.example";
        }

        public boolean isExtended() {
            return true;
        }

        public String authenticatedIdentity() {
            return null;
        }

        public io.dequeue.smtp.server.Envelope envelope() {
            return null;
        }

        public int etrnCount() {
            return 1;
        }

        public Map<String, Object> attributes() {
            return attributes;
        }
    }

    private List<LifecycleEvent> etrnEvents(String key) {
        return lifecycle.records(TopicTail.key(D.get(key).value())).stream()
                .map(r -> ContractSerdes.lifecycleEvent().deserialize(r.topic(), r.value()))
                .filter(x -> x.type() == LifecycleEvent.Type.ETRN).toList();
    }
}
