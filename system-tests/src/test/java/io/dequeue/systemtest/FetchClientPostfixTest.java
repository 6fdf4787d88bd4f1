package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dequeue-fetch odmr} relaying into a real Postfix {@code smtpd} (a private instance, see
 * {@link PrivatePostfix}) that relays on to a {@code smtp-sink}. Postfix's access map answers
 * {@code later@} with 451 and {@code bad@} with 550: each recipient's answer class goes back
 * upstream, so the deferred recipient stays held at Dequeue and the rejected one is bounced to the
 * sender with a DSN.
 */
class FetchClientPostfixTest {
    private static DequeueSystem system;
    private static String pin;
    private static SmtpSink sink;
    private static PrivatePostfix postfix;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        assertThat(PrivatePostfix.available()).as("postfix at " + PrivatePostfix.BINARY + ", run as root").isTrue();
        system = DequeueSystem.get();
        pin = FetchClient.edgePin(system);
        sink = SmtpSink.start(LocalRun.freePort());
        postfix = PrivatePostfix.start(LocalRun.freePort(), sink.port, Map.of(
                "later@", "451 4.2.0 try again later",
                "bad@", "550 5.1.1 no such user"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void everyHeldMessageGoesThroughPostfix() throws Exception {
        String domain = Gateways.fresh("fc-postfix");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "alice@" + domain, 3);

        FetchClient.Result r = FetchClientOdmrTest.odmr(system, pin, false, domain, Gateways.PASSWORD, postfix.port, domain);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("messages=3 accepted=3 deferred=0 rejected=0");
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
        List<SmtpSink.Received> got = awaitAtSink(m -> m.rcptTo().equals(List.of("alice@" + domain)), 3);
        assertThat(got).extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
        assertThat(got).allSatisfy(m -> assertThat(m.mailFrom()).isEqualTo("sender@remote.example"));
    }

    @Test
    void postfixs4xxStaysHeldAnd5xxIsBouncedPerRecipient() throws Exception {
        String domain = Gateways.fresh("fc-pf-mixed");
        String senderDomain = Gateways.fresh("fc-pf-sender");
        system.putGateway(domain, Gateways.atrn(false));
        system.putGateway(senderDomain, Gateways.heldOnly()); // the sender's domain is held here too: its DSN stays visible
        String sender = "writer@" + senderDomain;
        List<String> rcpts = List.of("ok@" + domain, "later@" + domain, "bad@" + domain);
        Gateways.send(system.smtpPort(), sender, rcpts, MailIn.message(sender, "ok@" + domain, "mixed", "three recipients"));
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);

        FetchClient.Result r = FetchClientOdmrTest.odmr(system, pin, false, domain, Gateways.PASSWORD, postfix.port, domain);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("messages=1 accepted=1 deferred=1 rejected=1");
        List<SmtpSink.Received> got = awaitAtSink(m -> m.rcptTo().contains("ok@" + domain), 1);
        assertThat(got).singleElement().satisfies(m -> {
            assertThat(m.rcptTo()).containsExactly("ok@" + domain);
            assertThat(m.message()).contains("three recipients");
        });
        // 4xx: the message stays held for the deferred recipient only
        assertThat(Gateways.awaitSettled(system, domain, 1, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(1, 0));
        JsonNode held = Gateways.messages(system, domain).get(0);
        assertThat(held.path("recipients").toString()).contains("later@" + domain).doesNotContain("ok@").doesNotContain("bad@");
        assertThat(held.path("lastReply").asText()).startsWith("4");
        // 5xx: a DSN to the sender naming the rejected recipient only
        assertThat(system.awaitHeld(senderDomain, 1, Duration.ofSeconds(30))).isEqualTo(1);
        JsonNode dsn = Gateways.messages(system, senderDomain).get(0);
        String report = Gateways.raw(system, senderDomain, dsn.path("id").asText());
        assertThat(report).contains("delivery-status").contains("bad@" + domain).contains("5.1.1")
                .doesNotContain("rfc822;ok@").doesNotContain("rfc822;later@");
    }

    /** Postfix queues and relays on its own time: waits until the sink has {@code n} matching transactions. */
    private static List<SmtpSink.Received> awaitAtSink(java.util.function.Predicate<SmtpSink.Received> match, int n)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<SmtpSink.Received> got = List.of();
        while (System.nanoTime() < deadline) {
            got = sink.awaitCount(sink.dumpCount(), Duration.ofSeconds(2)).stream().filter(match).toList();
            if (got.size() >= n) {
                return got;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sink has " + got.size() + " of " + n + "; Postfix log:\n" + postfix.maillog());
    }
}
