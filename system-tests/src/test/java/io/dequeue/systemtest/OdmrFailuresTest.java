package io.dequeue.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ODMR when something goes wrong, with the real fetchmail: a wrong password, a second session
 * while one is open, a customer whose own server is down, and a customer server that defers or
 * rejects some recipients. Nothing may be lost and nothing released that was not asked for.
 */
class OdmrFailuresTest {
    private static final Duration RUN = Duration.ofSeconds(90);
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
    }

    @Test
    void wrongPasswordFailsAndReleasesNothing() throws Exception {
        String domain = Gateways.fresh("odmr-badpw");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.hold(system, "sender@remote.example", "alice@" + domain, 2);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, "not-the-password", domain,
                    sink.port, false), RUN);

            // fetchmail 6.4.37 reports the failed ODMR CRAM-MD5 exchange as an SMTP error (exit 128), not 3
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).contains("535 5.7.8").doesNotContain("ATRN " + domain);
            assertThat(sink.received()).isEmpty();
        }
        assertThat(Gateways.usage(system, domain)).isEqualTo(new Gateways.Usage(2, 0));
    }

    @Test
    void secondAtrnWhileTheFirstSessionIsOpenIs451AndTheFirstLosesNothing() throws Exception {
        String domain = Gateways.fresh("odmr-busy");
        system.putGateway(domain, Gateways.atrn(true)); // one session at a time
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "carol@" + domain, 2);

        try (AtrnClient first = new AtrnClient(system.odmrPort())) {
            first.ehlo();
            assertThat(first.authCramMd5(domain, Gateways.PASSWORD)).startsWith("235");
            assertThat(first.atrn(domain)).isEqualTo("250 OK now reversing the connection");
            // the first customer holds its turn: the gateway must wait for its 220
            assertThat(first.silentFor(1000)).isTrue();
            assertThat(Gateways.usage(system, domain)).isEqualTo(new Gateways.Usage(2, 2));

            try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
                Fetchmail.Result second = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD,
                        domain, sink.port, false), RUN);

                assertThat(second.output()).contains("451 Unable to process ATRN request now");
                assertThat(second.exitCode()).as(second.output()).isEqualTo(8); // PS_LOCKBUSY
                assertThat(sink.received()).isEmpty();
            }
            assertThat(first.silentFor(500)).as("the first session is still open").isTrue();
        }
        // the first customer went away without taking the turn: everything is held again, at once
        assertThat(Gateways.awaitSettled(system, domain, 2, Duration.ofSeconds(15))).isEqualTo(new Gateways.Usage(2, 0));

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD, domain,
                    sink.port, false), RUN);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(sink.awaitCount(2, Duration.ofSeconds(20))).extracting(m -> OdmrFetchmailTest.subjectOf(m.message()))
                    .containsExactlyInAnyOrderElementsOf(subjects);
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void customersServerDownLeavesEverythingHeldWithoutNotification() throws Exception {
        String domain = Gateways.fresh("odmr-down");
        String senderDomain = Gateways.fresh("odmr-down-sender");
        system.putGateway(domain, Gateways.atrn(false));
        system.putGateway(senderDomain, Gateways.heldOnly()); // a DSN to the sender would be held here
        Gateways.hold(system, "someone@" + senderDomain, "dave@" + domain, 2);
        Fetchmail.Result r;
        // bound but not listening: connections to it are refused, and nothing else can take the port meanwhile
        try (Socket closed = new Socket()) {
            closed.bind(new InetSocketAddress("127.0.0.1", 0));
            r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD, domain,
                    closed.getLocalPort(), false), RUN);
        }

        // fetchmail turns the connection round, cannot reach its smtphost and closes: a socket error (2)
        assertThat(r.output()).contains("250 OK now reversing the connection").contains("Connection refused");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(Gateways.awaitSettled(system, domain, 2, Duration.ofSeconds(15))).isEqualTo(new Gateways.Usage(2, 0));
        assertThat(Gateways.messages(system, domain)).allSatisfy(m -> assertThat(m.path("state").asText()).isEqualTo("held"));
        // queue-service granted the session (and, above, settled it: nothing in flight). Then a message to
        // the sender's domain: a DSN, had the session's end made one, is ahead of it in the same
        // partition of mail.accepted, so once this one is held a DSN would be held too.
        Lifecycle.await(system, domain, "the ATRN granted", Lifecycle.type("atrn", "outcome", "granted"),
                Duration.ofSeconds(30));
        String marker = queueId(Gateways.send(system.smtpPort(), "marker@remote.example", List.of("postmaster@" + senderDomain),
                MailIn.message("marker@remote.example", "postmaster@" + senderDomain, "marker", "after the session")));
        Lifecycle.await(system, senderDomain, "the marker held", Lifecycle.type("held").and(Lifecycle.message(marker)),
                Duration.ofSeconds(30));
        assertThat(system.heldCount(senderDomain)).as("the marker only, no DSN").isEqualTo(1);
        assertThat(Lifecycle.events(system, domain)).filteredOn(Lifecycle.type("bounced")).isEmpty();
    }

    @Test
    void deferredRecipientsStayHeldAndRejectedOnesGoBackToTheSender() throws Exception {
        String domain = Gateways.fresh("odmr-mixed");
        String senderDomain = Gateways.fresh("odmr-mixed-sender");
        system.putGateway(domain, Gateways.atrn(false));
        system.putGateway(senderDomain, Gateways.heldOnly()); // the sender's domain is held here too: its DSN stays visible
        String sender = "writer@" + senderDomain;
        List<String> rcpts = List.of("ok@" + domain, "later@" + domain, "bad@" + domain);
        Gateways.send(system.smtpPort(), sender, rcpts, MailIn.message(sender, "ok@" + domain, "mixed", "three recipients"));
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);

        try (ScriptedReceiver receiver = new ScriptedReceiver(a -> a.startsWith("later@") ? "451 4.2.0 try again later"
                : a.startsWith("bad@") ? "550 5.1.1 no such user" : "250 2.1.5 Ok")) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD, domain,
                    receiver.port(), false), RUN);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(receiver.rcptsSeen).containsExactlyInAnyOrderElementsOf(rcpts);
            assertThat(receiver.transactions).singleElement().satisfies(t -> {
                assertThat(t.mailFrom()).isEqualTo(sender);
                assertThat(t.rcptTo()).containsExactly("ok@" + domain);
                assertThat(t.text()).contains("Subject: mixed\r\n").contains("three recipients\r\n");
            });
        }
        // 4xx: the message stays held for the deferred recipient only
        assertThat(Gateways.awaitSettled(system, domain, 1, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(1, 0));
        JsonNode held = Gateways.messages(system, domain).get(0);
        assertThat(held.path("state").asText()).isEqualTo("held");
        assertThat(held.path("recipients").toString()).contains("later@" + domain).doesNotContain("ok@").doesNotContain("bad@");
        assertThat(held.path("lastReply").asText()).contains("451");
        // 5xx: a delivery status notification to the sender, naming the rejected recipient only
        assertThat(system.awaitHeld(senderDomain, 1, Duration.ofSeconds(30))).isEqualTo(1);
        JsonNode dsn = Gateways.messages(system, senderDomain).get(0);
        assertThat(dsn.path("sender").asText()).isEmpty();
        assertThat(dsn.path("recipients").toString()).contains(sender);
        String report = Gateways.raw(system, senderDomain, dsn.path("id").asText());
        assertThat(report).contains("multipart/report").contains("delivery-status").contains("bad@" + domain)
                .contains("550 5.1.1").doesNotContain("Final-Recipient: rfc822;ok@").doesNotContain("rfc822;later@");
    }

    /** The queue id in the edge's {@code 250 2.0.0 Ok: queued as <id>}. */
    private static String queueId(String reply) {
        return reply.substring(reply.lastIndexOf(' ') + 1);
    }
}
