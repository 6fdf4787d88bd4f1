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

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The real fetchmail (when installed) in ODMR mode against the running edge, relaying into an
 * in-test SMTP server: the dialogue fetchmail speaks (EHLO, AUTH CRAM-MD5, ATRN, then relaying)
 * works with ours. The full system tests with real services live in system-tests.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class FetchmailOdmrTest {
    private static QueuePlayer queue;
    private static TopicTail outcomes;

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
        assumeThat(new File("/usr/bin/fetchmail")).exists();
        if (queue == null) {
            queue = new QueuePlayer(bootstrap);
            outcomes = new TopicTail(bootstrap, Topics.DELIVERY_OUTCOMES);
        }
        await().atMost(Duration.ofSeconds(30)).until(replies::isReady);
        login = TestGateways.fresh("fm");
        second = TestGateways.fresh("fm2");
        TestGateways.put(bootstrap, directory, Settings.gateway(login, null, Settings.atrn(true, true), AccessSettings.DEFAULTS));
        TestGateways.put(bootstrap, directory, Settings.gateway(second, null, Settings.atrn(true, false), AccessSettings.DEFAULTS, login));
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
            outcomes.close();
            queue = null;
        }
    }

    static Envelope envelope(String id, String... rcpts) {
        return AtrnReversalTest.envelope(id, "sender@example.com", rcpts);
    }

    static void grant(DomainName d, String releaseId, List<Envelope> envelopes) {
        queue.on(d, r -> {
            if (!(r instanceof AtrnRequest)) {
                return List.of();
            }
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
            out.add(QueuePlayer.atrnAnswer(r, envelopes.isEmpty() ? AtrnAnswer.Outcome.NO_MAIL : AtrnAnswer.Outcome.GRANTED,
                    releaseId, envelopes.size()));
            for (Envelope e : envelopes) {
                out.add(QueuePlayer.atrnMessage(r, releaseId, e, AtrnReversalTest.body(e)));
            }
            return out;
        });
    }

    /** Runs fetchmail once; returns its exit code, its output in {@code log}. */
    int fetchmail(String password, String domains, int sinkPort, List<String> log) throws Exception {
        return fetchmail(listener.port(), "", password, domains, sinkPort, log);
    }

    int fetchmail(int port, String options, String password, String domains, int sinkPort, List<String> log) throws Exception {
        Path home = Files.createTempDirectory("fetchmail");
        Path rc = home.resolve("fetchmailrc");
        Files.writeString(rc, "poll 127.0.0.1 protocol ODMR service " + port + " user \"" + login
                + "\" password \"" + password + "\" fetchdomains " + domains + " smtphost 127.0.0.1/" + sinkPort
                + " " + options + "\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder pb = new ProcessBuilder("fetchmail", "-f", rc.toString(), "-v", "-v", "--nosyslog")
                .redirectErrorStream(true);
        pb.environment().put("FETCHMAILHOME", home.toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        log.add(out);
        return p.exitValue();
    }

    List<DeliveryOutcome> outcomesOf(String releaseId) {
        return outcomes.records().stream().map(r -> ContractSerdes.deliveryOutcome().deserialize(r.topic(), r.value()))
                .filter(o -> o.releaseId().equals(releaseId)).toList();
    }

    @Test
    void fetchmailPullsTwoDomainsIntoItsRelay() throws Exception {
        String rel1 = QueuePlayer.newId();
        String rel2 = QueuePlayer.newId();
        Envelope m1 = envelope("f1-" + rel1.substring(0, 6), "ok@" + login, "bad@" + login, "later@" + login);
        Envelope m2 = envelope("f2-" + rel2.substring(0, 6), "info@" + second, "x@not-granted.example");
        grant(login, rel1, List.of(m1));
        grant(second, rel2, List.of(m2));
        List<String> log = new ArrayList<>();
        try (SmtpSink sink = new SmtpSink(a -> a.startsWith("bad@") ? "550 5.1.1 unknown user"
                : a.startsWith("later@") ? "451 4.3.0 try later" : "250 2.1.5 Ok")) {
            int rc = fetchmail(TestGateways.PASSWORD, login + "," + second, sink.port(), log);
            assertThat(rc).as(log.get(0)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 2);
            // the two grants' messages may come in either order
            assertThat(sink.received).extracting(SmtpSink.Received::rcptTo)
                    .containsExactlyInAnyOrder(List.of("ok@" + login), List.of("info@" + second));
            assertThat(sink.commands).noneMatch(c -> c.contains("not-granted"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomesOf(rel1).size() == 1 && outcomesOf(rel2).size() == 1);
        assertThat(outcomesOf(rel1).get(0).results()).extracting(DeliveryOutcome.RecipientResult::status).containsExactly(
                DeliveryOutcome.Status.DELIVERED, DeliveryOutcome.Status.PERMANENT, DeliveryOutcome.Status.TRANSIENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
    }

    @Test
    void implicitTlsPort() throws Exception {
        assumeThat(listener.tlsPort()).isPositive();
        String rel = QueuePlayer.newId();
        Envelope m = envelope("ft-" + rel.substring(0, 6), "ok@" + login);
        grant(login, rel, List.of(m));
        List<String> log = new ArrayList<>();
        try (SmtpSink sink = new SmtpSink(a -> "250 2.1.5 Ok")) {
            // the test certificate is self-signed
            int rc = fetchmail(listener.tlsPort(), "ssl no sslcertck", TestGateways.PASSWORD, login.value(), sink.port(), log);
            assertThat(rc).as(log.get(0)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomesOf(rel).size() == 1);
    }

    @Test
    void noMailIsNotAnError() throws Exception {
        grant(login, null, List.of());
        List<String> log = new ArrayList<>();
        try (SmtpSink sink = new SmtpSink(a -> "250 2.1.5 Ok")) {
            int rc = fetchmail(TestGateways.PASSWORD, login.value(), sink.port(), log);
            assertThat(log.get(0)).contains("453");
            assertThat(rc).as(log.get(0)).isZero(); // fetchmail's ODMR driver turns "no mail" into success
            assertThat(sink.received).isEmpty();
        }
    }

    @Test
    void wrongPasswordReleasesNothing() throws Exception {
        List<String> log = new ArrayList<>();
        try (SmtpSink sink = new SmtpSink(a -> "250 2.1.5 Ok")) {
            int rc = fetchmail("wrong-password", login.value(), sink.port(), log);
            assertThat(log.get(0)).contains("535 5.7.8");
            // fetchmail 6.4's ODMR driver passes the failed CRAM-MD5 exchange on as SM_ERROR (128), not PS_AUTHFAIL (3)
            assertThat(rc).as(log.get(0)).isNotZero();
        }
        assertThat(queue.requests(login)).isEmpty();
    }

    @Test
    void busyIs451() throws Exception {
        queue.on(login, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.BUSY, null, 0))
                : List.<ProducerRecord<byte[], byte[]>>of());
        List<String> log = new ArrayList<>();
        try (SmtpSink sink = new SmtpSink(a -> "250 2.1.5 Ok")) {
            int rc = fetchmail(TestGateways.PASSWORD, login.value(), sink.port(), log);
            assertThat(log.get(0)).contains("451");
            assertThat(rc).as(log.get(0)).isEqualTo(8);
        }
    }

    @Test
    void relayDownLeavesMailHeld() throws Exception {
        String rel = QueuePlayer.newId();
        grant(login, rel, List.of(envelope("fd-" + rel.substring(0, 6), "ok@" + login)));
        List<String> log = new ArrayList<>();
        // bound but not listening: connections to it are refused, and nothing else can take the port meanwhile
        try (java.net.Socket dead = new java.net.Socket()) {
            dead.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            fetchmail(TestGateways.PASSWORD, login.value(), dead.getLocalPort(), log);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> queue.requests(login, AtrnSessionEnd.class).size() == 1);
        assertThat(outcomesOf(rel)).as(log.get(0)).isEmpty();
    }
}
