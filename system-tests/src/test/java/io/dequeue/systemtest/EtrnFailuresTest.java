package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiving side misbehaves: a 4xx keeps the mail held for a later ETRN, a 5xx for one
 * recipient of three returns a DSN for that one and delivers the two others, and a peer that drops
 * the connection after the data loses nothing (the message is held again and a later ETRN delivers it).
 */
class EtrnFailuresTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Etrn.requirePeers();
        system = DequeueSystem.get();
    }

    @Test
    void aTemporaryRefusalKeepsTheMailHeldUntilALaterEtrn() throws Exception {
        String domain = "fail-4xx.etrn.test";
        int port = LocalRun.freePort();
        byte[] msg = holdOne(domain, port, "ivan@from.etrn.test", "judy@" + domain, "later", "try again later");

        try (SmtpSink refusing = SmtpSink.start(port, "-r", "RCPT")) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            // the release ends with the message held again, the sink's 4xx recorded, nothing delivered
            var held = awaitHeldAfterAttempt(domain, Duration.ofSeconds(40));
            assertThat(held.path("lastReply").asText()).as(held.toString()).startsWith("4");
            assertThat(system.heldCount(domain)).isEqualTo(1);
            // smtp-sink opens a dump file per transaction; a refused one holds no recipient and no data
            assertThat(refusing.received()).allSatisfy(r -> {
                assertThat(r.rcptTo()).isEmpty();
                assertThat(r.message()).isEmpty();
            });
        }
        laterEtrnDeliversIt(domain, port, msg);
    }

    @Test
    void aPermanentRefusalOfOneRecipientOfThreeBouncesThatOneOnly() throws Exception {
        String domain = "fail-5xx.etrn.test";
        String senderDomain = "dsn-5xx.etrn-sender.test";
        Etrn.senderDomain(system, senderDomain);
        String sender = "kim@" + senderDomain;
        List<String> rcpts = List.of("one@" + domain, "two@" + domain, "three@" + domain);
        int port = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(false, Etrn.REQUESTER_IP, port, null, Etrn.LOOPBACK_ONLY));
        byte[] msg = MailIn.message(sender, rcpts.get(0), "three of them", "for one, two and three");
        MailIn.send(system.smtpPort(), sender, rcpts, msg);
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);

        try (ScriptedReceiver receiver = new ScriptedReceiver(port, Set.of("two@" + domain))) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            List<ScriptedReceiver.Transaction> got = receiver.awaitCount(1, Duration.ofSeconds(60));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).mailFrom()).isEqualTo(sender);
            assertThat(got.get(0).rcptTo()).containsExactlyInAnyOrder("one@" + domain, "three@" + domain);
            assertThat(Etrn.withoutOurReceivedCrLf(got.get(0).data()))
                    .isEqualTo(new String(msg, java.nio.charset.StandardCharsets.ISO_8859_1));

            List<SmtpSink.Received> dsns = Etrn.awaitDsns(system, sender, 1, Duration.ofSeconds(60));
            assertThat(dsns).hasSize(1);
            String report = dsns.get(0).message();
            assertThat(report).contains("multipart/report").contains("Final-Recipient: rfc822; two@" + domain)
                    .contains("Action: failed").contains("Status: 5.1.1")
                    .doesNotContain("Final-Recipient: rfc822; one@" + domain)
                    .doesNotContain("Final-Recipient: rfc822; three@" + domain);
            assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();
            // everything the refusal caused is done once delivery-service reports the DSN itself delivered
            String dsnId = Lifecycle.await(system, domain, "the bounce", Lifecycle.type("bounced"), Duration.ofSeconds(30))
                    .path("details").path("dsnMessageId").asText();
            Lifecycle.await(system, senderDomain, "the DSN delivered",
                    Lifecycle.type("delivered").and(Lifecycle.message(dsnId)), Duration.ofSeconds(60));
            assertThat(Lifecycle.events(system, domain)).filteredOn(Lifecycle.type("bounced")).as("one bounce only").hasSize(1);
            assertThat(Etrn.awaitDsns(system, sender, 2, Duration.ZERO)).as("one DSN only").hasSize(1);
            assertThat(receiver.transactions).hasSize(1);
        }
    }

    @Test
    void aConnectionDroppedAfterTheDataLosesNothing() throws Exception {
        String domain = "fail-drop.etrn.test";
        int port = LocalRun.freePort();
        byte[] msg = holdOne(domain, port, "leo@from.etrn.test", "mallory@" + domain, "dropped", "at least once");

        // smtp-sink hangs up without a reply once it has the final dot
        try (SmtpSink dropping = SmtpSink.start(port, "-q", ".")) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            var held = awaitHeldAfterAttempt(domain, Duration.ofSeconds(60));
            assertThat(held.path("lastReply").asText()).as(held.toString()).startsWith("4");
            assertThat(system.heldCount(domain)).isEqualTo(1);
        }
        laterEtrnDeliversIt(domain, port, msg);
    }

    /** A gateway delivering to the requester on {@code port}, holding one message (returned as sent). */
    private static byte[] holdOne(String domain, int port, String from, String to, String subject, String text)
            throws Exception {
        system.putGateway(domain, Etrn.gateway(false, Etrn.REQUESTER_IP, port, null, Etrn.LOOPBACK_ONLY));
        byte[] msg = MailIn.message(from, to, subject, text);
        MailIn.send(system.smtpPort(), from, List.of(to), msg);
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);
        return msg;
    }

    /** A later ETRN, with a sink that accepts, delivers the held message byte-identical and empties the queue. */
    private static void laterEtrnDeliversIt(String domain, int port, byte[] msg) throws Exception {
        try (SmtpSink sink = SmtpSink.start(port)) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null))
                    .isEqualTo("253 2.0.0 OK, 1 pending messages for node " + domain + " started");
            List<SmtpSink.Received> got = Etrn.afterRelease(system, domain, sink, Duration.ofSeconds(60));
            assertThat(got).hasSize(1);
            assertThat(Etrn.delivered(got.get(0))).isEqualTo(Etrn.lf(msg));
            assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();
        }
    }

    /**
     * Waits until the domain's only message is held again after a delivery attempt, and returns
     * queue-service's view of it ({@code state}, {@code attempts}, {@code lastReply}).
     */
    private static JsonNode awaitHeldAfterAttempt(String domain, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode m = null;
        while (System.nanoTime() < deadline) {
            var r = system.send("GET", system.run.port("QUEUE_HTTP_PORT"), "/api/queues/" + domain + "/messages", null);
            if (r.statusCode() == 200) {
                var messages = new ObjectMapper().readTree(r.body()).path("messages");
                m = messages.size() == 1 ? messages.get(0) : null;
                if (m != null && "held".equals(m.path("state").asText()) && m.path("attempts").asInt() >= 1) {
                    return m;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not held again after an attempt in " + timeout + ": " + m);
    }
}
