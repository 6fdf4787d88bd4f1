package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.QueuePlayer;
import io.dequeue.edge.dequeue.Scripts;
import io.dequeue.edge.dequeue.Settings;
import io.dequeue.edge.dequeue.TestGateways;
import io.dequeue.edge.kafka.ReplyChannel;
import io.dequeue.localkafka.LocalKafkaResource;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ODMR front half over TCP against the running edge, with a test playing queue-service. */
@QuarkusTest
@QuarkusTestResource(value = LocalKafkaResource.class, restrictToAnnotatedClass = false)
class OdmrDialoguesTest {
    private static QueuePlayer queue;
    private static int proxyPort = -1;

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
    DomainName etrnOnly;
    DomainName foreign;
    DomainName ignored;
    DomainName honor;

    @BeforeEach
    void gateways() {
        if (queue == null) {
            queue = new QueuePlayer(bootstrap);
        }
        await().atMost(Duration.ofSeconds(30)).until(replies::isReady);
        login = TestGateways.fresh("odmr");
        second = TestGateways.fresh("second");
        etrnOnly = TestGateways.fresh("etrnonly");
        foreign = TestGateways.fresh("foreign");
        ignored = TestGateways.fresh("ignored");
        honor = TestGateways.fresh("honor");
        TestGateways.put(bootstrap, directory, Settings.gateway(ignored, null, Settings.atrn(true, false),
                Settings.access(List.of(), List.of("127.0.0.1"), true), login));
        TestGateways.put(bootstrap, directory, Settings.gateway(honor, null, Settings.atrn(true, false),
                Settings.access(List.of("192.0.2.0/24"), List.of(), false), login));
        TestGateways.put(bootstrap, directory, Settings.gateway(login, null, Settings.atrn(true, true), AccessSettings.DEFAULTS));
        TestGateways.put(bootstrap, directory, Settings.gateway(second, null, Settings.atrn(true, true), AccessSettings.DEFAULTS, login));
        TestGateways.put(bootstrap, directory, Settings.gateway(etrnOnly, Settings.etrn(true, true), Settings.atrn(false, false),
                AccessSettings.DEFAULTS, login));
        TestGateways.put(bootstrap, directory, Settings.gateway(foreign, null, Settings.atrn(true, false), AccessSettings.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
            queue = null;
        }
    }

    private void play(String script) throws Exception {
        play(script, listener.port());
    }

    private void play(String script, int port) throws Exception {
        Scripts.play("/dialogues/" + script, port, Map.of(
                "IGNORED", ignored.value(),
                "HONOR", honor.value(),
                "DOMAIN", login.value(),
                "SECOND", second.value(),
                "ETRN_ONLY", etrnOnly.value(),
                "FOREIGN", foreign.value(),
                "PLAIN", Scripts.plain(login.value(), TestGateways.PASSWORD),
                "PLAIN_BAD", Scripts.plain(login.value(), "wrong-password")));
    }

    @Test
    void restrictionsBeforeTheTurn() throws Exception {
        play("odmr-restrictions.txt");
        assertThat(queue.requests(login)).isEmpty();
    }

    @Test
    void refusalsNeverRequestAnything() throws Exception {
        play("odmr-refused.txt");
        assertThat(queue.requests(login)).isEmpty();
        assertThat(queue.requests(foreign)).isEmpty();
        assertThat(queue.requests(etrnOnly)).isEmpty();
        assertThat(queue.requests(ignored)).isEmpty();
    }

    @Test
    void noMail() throws Exception {
        queue.on(login, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0)) : List.of());
        queue.on(second, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0)) : List.of());
        play("odmr-no-mail.txt");
        // the explicit ATRN asked for one domain; the bare one for both of this login's ATRN gateways
        assertThat(queue.requests(login, AtrnRequest.class)).hasSize(2);
        AtrnRequest req = queue.requests(second, AtrnRequest.class).get(0);
        assertThat(req.login()).isEqualTo(login.value());
        assertThat(req.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(req.replyPartition()).isEqualTo(replies.partition());
        assertThat(queue.requests(etrnOnly)).isEmpty();
    }

    @Test
    void busyGivesTheOtherGrantBack() throws Exception {
        String releaseId = QueuePlayer.newId();
        queue.on(login, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.GRANTED, releaseId, 3)) : List.of());
        queue.on(second, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.BUSY, null, 0)) : List.of());
        play("odmr-busy.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> !queue.requests(login, AtrnSessionEnd.class).isEmpty());
        AtrnSessionEnd end = queue.requests(login, AtrnSessionEnd.class).get(0);
        assertThat(end.releaseId()).isEqualTo(releaseId);
        assertThat(end.sessionId()).isEqualTo(queue.requests(login, AtrnRequest.class).get(0).sessionId());
        assertThat(queue.requests(second, AtrnSessionEnd.class)).isEmpty();
    }

    @Test
    void noAnswerInTime() throws Exception {
        play("odmr-no-answer.txt");
        // a grant that might still come is ended at once
        await().atMost(Duration.ofSeconds(10)).until(() -> !queue.requests(login, AtrnSessionEnd.class).isEmpty());
        assertThat(queue.requests(login, AtrnSessionEnd.class).get(0).releaseId()).isNull();
    }

    @Test
    void ipListsApply() throws Exception {
        play("odmr-not-honored.txt");
        assertThat(queue.requests(honor)).isEmpty();
    }

    @Test
    void proxyProtocolGivesTheRealClient() throws Exception {
        if (proxyPort < 0) {
            proxyPort = listener.open("odmr-proxy-test", 0, true, false);
        }
        queue.on(honor, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0)) : List.of());
        play("odmr-proxy.txt", proxyPort);
        assertThat(queue.requests(honor, AtrnRequest.class)).extracting(AtrnRequest::clientAddress).containsExactly("192.0.2.44");
    }

    @Test
    void proxyProtocolBeforeImplicitTls() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(listener.tlsPort() > 0, "TLS material in the test profile");
        int port = listener.open("odmr-tls-proxy-test", 0, true, true);
        queue.on(honor, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0)) : List.of());
        try (Customer c = Customer.tls(port, "PROXY TCP4 192.0.2.45 10.0.0.1 40001 3367\r\n")) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, honor.value())).isEqualTo("453 You have no mail");
        }
        assertThat(queue.requests(honor, AtrnRequest.class)).extracting(AtrnRequest::clientAddress).containsExactly("192.0.2.45");
    }

    @Test
    void proxyHeaderAndTheTlsHelloInOneSegment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(listener.tlsPort() > 0, "TLS material in the test profile");
        int port = listener.open("odmr-tls-proxy-segment-test", 0, true, true);
        queue.on(honor, r -> r instanceof AtrnRequest ? List.of(QueuePlayer.atrnAnswer(r, AtrnAnswer.Outcome.NO_MAIL, null, 0)) : List.of());
        try (Customer c = Customer.tlsWithHeaderInTheHelloSegment(port, "PROXY TCP4 192.0.2.46 10.0.0.1 40002 3367\r\n")) {
            assertThat(c.atrn(login.value(), TestGateways.PASSWORD, honor.value())).isEqualTo("453 You have no mail");
        }
        assertThat(queue.requests(honor, AtrnRequest.class)).extracting(AtrnRequest::clientAddress).contains("192.0.2.46");
    }

    @Test
    void proxyHeadersFromAnUntrustedPeerAreNeverRead() throws Exception {
        io.dequeue.edge.net.TrustedProxies elsewhere = io.dequeue.edge.net.TrustedProxies.parse(List.of("192.0.2.0/24"));
        int port = listener.open("odmr-untrusted-test", 0, true, false, elsewhere);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            // the edge speaks first, in plaintext, without waiting for a header
            java.io.InputStream in = s.getInputStream();
            String line = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(line).isEqualTo("421 4.7.0 PROXY protocol not accepted from this address, closing connection\r\n");
        }
    }

    @Test
    void anUntrustedPeerOnTheImplicitTlsPortGetsA421OverTls() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(listener.tlsPort() > 0, "TLS material in the test profile");
        io.dequeue.edge.net.TrustedProxies elsewhere = io.dequeue.edge.net.TrustedProxies.parse(List.of("192.0.2.0/24"));
        int port = listener.open("odmr-tls-untrusted-test", 0, true, true, elsewhere);
        // the header claims a trusted-looking client; the TCP peer (127.0.0.1) is not trusted
        try (Customer c = Customer.tls(port, "PROXY TCP4 192.0.2.47 10.0.0.1 40003 3367\r\n")) {
            assertThat(c.line()).isEqualTo("421 4.7.0 PROXY protocol not accepted from this address, closing connection");
            assertThat(c.line()).as("closed after the 421").isNull();
        }
    }

    @Test
    void aProxyPortWithNobodyTrustedDoesNotOpen() {
        for (boolean implicitTls : new boolean[] {false, true}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> listener.open("odmr-nobody-trusted", 0, true, implicitTls,
                            io.dequeue.edge.net.TrustedProxies.none()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dequeue.edge.proxy.trusted-cidrs (env DEQUEUE_PROXY_TRUSTED_CIDRS)");
        }
    }

    @Test
    void talkingPastAtrnIsRefused() throws Exception {
        play("odmr-talks-past-atrn.txt");
        assertThat(queue.requests(login)).isEmpty();
    }
}
