package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dequeue-fetch odmr} when something goes wrong, against Dequeue's edge: a wrong password
 * (exit 4), a second session while one is open (451, exit 5), the customer's own server down
 * (exit 7; everything stays held, no DSN). Nothing may be lost or released that was not asked for.
 */
class FetchClientFailuresTest {
    private static DequeueSystem system;
    private static String pin;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
        pin = FetchClient.edgePin(system);
    }

    @Test
    void wrongPasswordIsExit4AndReleasesNothing() throws Exception {
        String domain = Gateways.fresh("fc-badpw");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.hold(system, "sender@remote.example", "alice@" + domain, 2);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = FetchClientOdmrTest.odmr(system, pin, false, domain, "not-the-Password-1", sink.port, domain);

            assertThat(r.exitCode()).as(r.output()).isEqualTo(4);
            assertThat(r.output()).contains("535").doesNotContain("ATRN " + domain).doesNotContain("not-the-Password-1");
            assertThat(sink.received()).isEmpty();
        }
        assertThat(Gateways.usage(system, domain)).isEqualTo(new Gateways.Usage(2, 0));
    }

    @Test
    void secondSessionWhileTheFirstIsOpenIs451Exit5AndTheFirstLosesNothing() throws Exception {
        String domain = Gateways.fresh("fc-busy");
        system.putGateway(domain, Gateways.atrn(true)); // one session at a time
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "carol@" + domain, 2);

        try (AtrnClient first = new AtrnClient(system.odmrPort())) {
            first.ehlo();
            assertThat(first.authCramMd5(domain, Gateways.PASSWORD)).startsWith("235");
            assertThat(first.atrn(domain)).isEqualTo("250 OK now reversing the connection");
            assertThat(Gateways.usage(system, domain)).isEqualTo(new Gateways.Usage(2, 2));

            try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
                FetchClient.Result second = FetchClientOdmrTest.odmr(system, pin, false, domain, Gateways.PASSWORD, sink.port,
                        domain);

                assertThat(second.output()).contains("451");
                assertThat(second.exitCode()).as(second.output()).isEqualTo(5);
                assertThat(sink.received()).isEmpty();
            }
            assertThat(first.silentFor(500)).as("the first session is still open").isTrue();
        }
        assertThat(Gateways.awaitSettled(system, domain, 2, Duration.ofSeconds(15))).isEqualTo(new Gateways.Usage(2, 0));

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = FetchClientOdmrTest.odmr(system, pin, false, domain, Gateways.PASSWORD, sink.port, domain);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(sink.awaitCount(2, Duration.ofSeconds(20))).extracting(m -> OdmrFetchmailTest.subjectOf(m.message()))
                    .containsExactlyInAnyOrderElementsOf(subjects);
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void customersServerDownIsExit7WithEverythingStillHeldAndNoDsn() throws Exception {
        String domain = Gateways.fresh("fc-down");
        String senderDomain = Gateways.fresh("fc-down-sender");
        system.putGateway(domain, Gateways.atrn(false));
        system.putGateway(senderDomain, Gateways.heldOnly()); // a DSN to the sender would be held here
        Gateways.hold(system, "someone@" + senderDomain, "dave@" + domain, 2);
        FetchClient.Result r;
        // bound but not listening: connections to it are refused, and nothing else can take the port meanwhile
        try (Socket closed = new Socket()) {
            closed.bind(new InetSocketAddress("127.0.0.1", 0));
            r = FetchClientOdmrTest.odmr(system, pin, false, domain, Gateways.PASSWORD, closed.getLocalPort(), domain);
        }

        assertThat(r.exitCode()).as(r.output()).isEqualTo(7);
        assertThat(Gateways.awaitSettled(system, domain, 2, Duration.ofSeconds(15))).isEqualTo(new Gateways.Usage(2, 0));
        assertThat(Gateways.messages(system, domain)).allSatisfy(m -> assertThat(m.path("state").asText()).isEqualTo("held"));
        // A message to the sender's domain after the attempt: a DSN, had the attempt made one, would
        // be ahead of it in the same partition of mail.accepted, so once this one is held a DSN would be too.
        String marker = queueId(Gateways.send(system.smtpPort(), "marker@remote.example", List.of("postmaster@" + senderDomain),
                MailIn.message("marker@remote.example", "postmaster@" + senderDomain, "marker", "after the attempt")));
        Lifecycle.await(system, senderDomain, "the marker held", Lifecycle.type("held").and(Lifecycle.message(marker)),
                Duration.ofSeconds(30));
        assertThat(system.heldCount(senderDomain)).as("the marker only, no DSN").isEqualTo(1);
        assertThat(Lifecycle.events(system, domain)).filteredOn(Lifecycle.type("bounced")).isEmpty();
    }

    private static String queueId(String reply) {
        return reply.substring(reply.lastIndexOf(' ') + 1);
    }
}
