package io.dequeue.edge.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.edge.kafka.UsageView;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.script.DialogueScript;
import io.dequeue.smtp.script.ScriptRunner;
import io.dequeue.smtp.script.SocketScriptConnection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script of src/test/resources/dialogues/smtp over TCP against the running edge: a listener
 * opened by the edge's {@link SmtpListener} with the script's settings, the edge's real services
 * (gateway view and usage view from Kafka, the Kafka mail store, the authenticator), no ETRN
 * handler. Messages a script expects are checked as Kafka acknowledged them, and for the PROXY
 * scripts also on {@code mail.accepted} (Received: line, envelope).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class DialoguesOverTcpTest {

    @Inject
    SmtpListener listener;

    @Inject
    GatewayDirectory directory;

    @Inject
    UsageView usage;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaFixture kafka;

    static List<Path> scripts() throws Exception {
        return EdgeHarness.scripts();
    }

    @BeforeEach
    void fixture() throws Exception {
        kafka = KafkaFixture.get(bootstrap, directory, usage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runsOverTcp(Path file) throws Exception {
        DialogueScript script = DialogueScript.load(file);
        Assumptions.assumeFalse(EdgeHarness.on(script, "inprocess-only"), "needs the in-memory TLS transport");
        ListenerSettings settings = EdgeHarness.settingsFor(listener.settings().toBuilder().port(0).host("127.0.0.1").build(), script);
        List<FakeStore.Stored> stored = Collections.synchronizedList(new ArrayList<>());
        SmtpServices real = listener.services();
        SmtpServices services = new SmtpServices(real.gateways(), real.recipients(),
                (envelope, message) -> real.store().store(envelope, message).thenApply(parts -> {
                    stored.add(new FakeStore.Stored(envelope, message));
                    return parts;
                }),
                real.auth(), () -> null, real.metrics(), real.budget(), real.clock());
        RunningListener l = listener.open(settings, services).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (SocketScriptConnection c = new SocketScriptConnection("127.0.0.1", l.port(), Duration.ofSeconds(10), Duration.ofMillis(200))) {
            ScriptRunner.run(script, c).orThrow();
            EdgeHarness.checkStored(script, stored);
        } finally {
            l.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        // what was acknowledged is on mail.accepted, one record per recipient domain
        for (FakeStore.Stored m : stored) {
            long domains = m.envelope().recipients().stream().map(r -> r.domain()).distinct().count();
            List<KafkaFixture.Accepted> records = kafka.awaitAccepted(m.envelope().queueId(), (int) domains);
            assertThat(records).hasSize((int) domains);
            for (KafkaFixture.Accepted a : records) {
                assertThat(a.value()).isEqualTo(m.message());
                assertThat(a.envelope().clientAddress()).isEqualTo(m.envelope().clientAddress());
            }
        }
        assertThat(l.limiter().active()).isZero();
    }
}
