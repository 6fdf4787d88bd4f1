package io.dequeue.systemtest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ETRN that must release nothing: another gateway's domain, no AUTH where it is required, an
 * ignored client address, the {@code @domain} form over gateways this client may not dequeue, and
 * bad arguments. Every reply is the one PROTOCOL.md gives; afterwards every message is still held
 * and the sink has received nothing for them. "Afterwards" is a fact, not a time: a control domain's
 * release, asked for after the refused requests, has reached the same sink.
 */
class EtrnNegativeTest {
    private static final String A = "neg-a.etrn.test";
    private static final String B = "neg-b.etrn.test";
    private static final String IGNORED = "neg-ignored.etrn.test";
    private static final String OFF = "neg-off.etrn.test";
    private static final String PARENT = "neg-parent.etrn.test";
    private static final String UNDER_1 = "x." + PARENT;
    private static final String UNDER_2 = "y." + PARENT;
    private static final String PW_A = "neg-a-Secret-7Kq2";
    private static final String PW_B = "neg-b-Secret-9Lm4";
    private static final List<String> ALL = List.of(A, B, IGNORED, OFF, UNDER_1, UNDER_2);
    /** ETRN allowed from anywhere, to the same sink: its release is the fact the checks wait for. */
    private static final String CONTROL = "neg-control.etrn.test";

    private static DequeueSystem system;
    /** One sink on every gateway's ETRN port (the requester's address is 127.0.0.1). */
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        Etrn.requirePeers();
        system = DequeueSystem.get();
        int port = LocalRun.freePort();
        sink = SmtpSink.start(port);
        system.putGateway(A, Etrn.gateway(true, Etrn.REQUESTER_IP, port, PW_A, null));
        system.putGateway(B, Etrn.gateway(true, Etrn.REQUESTER_IP, port, PW_B, null));
        system.putGateway(IGNORED, Etrn.gateway(false, Etrn.REQUESTER_IP, port, "ign-Secret-7Kq2x9",
                "{\"honor\": [\"127.0.0.0/8\"], \"ignore\": [\"127.0.0.1/32\"]}"));
        system.putGateway(OFF, "{\"etrn\": {\"enabled\": false, \"requireAuth\": false, \"port\": " + port + "}}");
        system.putGateway(UNDER_1, Etrn.gateway(true, Etrn.REQUESTER_IP, port, "neg-x-Pw-5Hn2q", null));
        system.putGateway(UNDER_2, Etrn.gateway(true, Etrn.REQUESTER_IP, port, "neg-y-Pw-8Jd4w", null));
        system.putGateway(CONTROL, Etrn.gateway(false, Etrn.REQUESTER_IP, port, "Ctl-Wq8v-Pz31-kM", Etrn.LOOPBACK_ONLY));
        for (String d : ALL) {
            MailIn.send(system.smtpPort(), "oscar@from.etrn.test", List.of("peggy@" + d),
                    MailIn.message("oscar@from.etrn.test", "peggy@" + d, "stay", "must stay held"));
        }
        for (String d : ALL) {
            assertThat(system.awaitHeld(d, 1, Duration.ofSeconds(30))).as(d).isEqualTo(1);
        }
    }

    @AfterAll
    static void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void anotherGatewaysDomainIsRefusedToAnAuthenticatedGateway() throws Exception {
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + B, A, PW_A))
                .isEqualTo("459 4.7.1 Node " + B + " not allowed: your login may not dequeue it");
        Fetchmail.Result r = Fetchmail.run("poll 127.0.0.1 protocol ETRN service " + system.smtpPort()
                + " esmtpname \"" + A + "\" esmtppassword \"" + PW_A + "\" fetchdomains " + B + "\n", Duration.ofSeconds(60));
        assertThat(r.output()).as(r.output()).contains("235 2.7.0").contains("459 4.7.1 Node " + B + " not allowed");
        assertThat(Lifecycle.awaitCount(system, B, Lifecycle.type("etrn", "result", "denied"), 2, Duration.ofSeconds(30)))
                .hasSize(2);
        assertNothingReleased();
    }

    @Test
    void withoutAuthWhereRequiredTheAnswerIs530() throws Exception {
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + A, null, null)).isEqualTo("530 5.7.0 Authentication required");
        // fetchmail with a wrong password carries on and sends ETRN anyway: ETRN itself says 530
        Fetchmail.Result r = Fetchmail.run(Fetchmail.etrnRc(system.smtpPort(), A, "wrong-password"), Duration.ofSeconds(60));
        assertThat(r.output()).as(r.output()).contains("530 5.7.0 Authentication required");
        Fetchmail.Result none = Fetchmail.run(Fetchmail.etrnRc(system.smtpPort(), A, null), Duration.ofSeconds(60));
        assertThat(none.output()).as(none.output()).contains("530 5.7.0 Authentication required");
        assertNothingReleased();
    }

    @Test
    void anIgnoredAddressIsRefused() throws Exception {
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + IGNORED, null, null))
                .isEqualTo("459 4.7.1 Node " + IGNORED + " not allowed: not accepted from your address");
        assertThat(Lifecycle.awaitCount(system, IGNORED, Lifecycle.type("etrn", "result", "denied"), 1, Duration.ofSeconds(30)))
                .hasSize(1);
        assertNothingReleased();
    }

    @Test
    void aGatewayWithEtrnOffAnswersLikeAnUnknownNode() throws Exception {
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + OFF, null, null))
                .isEqualTo("459 4.7.1 Node " + OFF + " not allowed: no ETRN service for this node");
        assertNothingReleased();
    }

    @Test
    void theAtFormReleasesNoGatewayThisClientMayNotDequeue() throws Exception {
        // authenticated as A, which is not under the parent
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN @" + PARENT, A, PW_A))
                .isEqualTo("459 4.7.1 Node @" + PARENT + " not allowed: no node under it that you may dequeue");
        // not authenticated: the gateways under the parent all require AUTH
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN @" + PARENT, null, null))
                .isEqualTo("459 4.7.1 Node @" + PARENT + " not allowed: no node under it that you may dequeue");
        assertNothingReleased();
    }

    @Test
    void badArgumentsAndSequencesAreRefused() throws Exception {
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN", A, PW_A)).startsWith("500 5.5.2 ");
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN #" + A, A, PW_A)).startsWith("501 5.5.4 ");
        for (String bad : List.of(A + " extra", "neg..a.etrn.test", "-neg-a.etrn.test", "[300.1.2.3]",
                "neg-a.etrn.test;rm", "'" + A + "'", "@", "*." + A)) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + bad, A, PW_A)).as(bad).startsWith("501 5.5.4 ");
        }
        // a domain no gateway serves
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN unknown.etrn.test", A, PW_A))
                .isEqualTo("459 4.7.1 Node unknown.etrn.test not allowed: no ETRN service for this node");
        try (RawSmtp c = new RawSmtp(system.smtpPort())) {
            assertThat(c.command("ETRN " + A)).as("before EHLO").startsWith("503 5.5.1 ");
            assertThat(c.command("EHLO requester.test")).startsWith("250");
            assertThat(c.authCramMd5(A, PW_A)).startsWith("235");
            assertThat(c.command("MAIL FROM:<oscar@from.etrn.test>")).startsWith("250");
            assertThat(c.command("ETRN " + A)).as("inside a transaction").startsWith("503 5.5.1 ");
            c.command("QUIT");
        }
        assertNothingReleased();
    }

    private static void assertNothingReleased() throws Exception {
        String subject = "control " + UUID.randomUUID();
        Gateways.send(system.smtpPort(), "oscar@from.etrn.test", List.of("peggy@" + CONTROL),
                MailIn.message("oscar@from.etrn.test", "peggy@" + CONTROL, subject, "released on purpose"));
        assertThat(system.awaitHeld(CONTROL, 1, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + CONTROL, null, null)).startsWith("253 ");
        await("the control domain's message at the sink").atMost(Duration.ofSeconds(60))
                .until(() -> sink.received().stream().anyMatch(m -> m.message().contains("Subject: " + subject + "\n")));
        assertThat(system.awaitHeld(CONTROL, 0, Duration.ofSeconds(30))).isZero();
        for (String d : ALL) {
            assertThat(system.heldCount(d)).as(d).isEqualTo(1);
            assertThat(system.queue(d).path("inFlight").asInt()).as(d + " in flight").isZero();
        }
        assertThat(sink.received()).as("only the control domain's mail").allSatisfy(m ->
                assertThat(m.rcptTo()).containsExactly("peggy@" + CONTROL));
    }
}
