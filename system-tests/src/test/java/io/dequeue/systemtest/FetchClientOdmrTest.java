package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dequeue's own ODMR client ({@code dequeue-fetch odmr}, the jar as a process) against Dequeue's
 * edge, relaying the reversed session into a real Postfix {@code smtp-sink}: STARTTLS on the ODMR
 * port and implicit TLS on the TLS port (the edge's self-signed certificate pinned), several
 * domains in one ATRN, and nothing held (453, exit 0).
 */
class FetchClientOdmrTest {
    static final Duration RUN = Duration.ofSeconds(90);
    private static DequeueSystem system;
    private static String pin;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
        pin = FetchClient.edgePin(system);
    }

    /** {@code odmr} against the edge's ODMR port (STARTTLS) or TLS port (implicit), the certificate pinned. */
    static FetchClient.Result odmr(DequeueSystem system, String pin, boolean implicitTls, String login, String password,
                                   int deliverPort, String... domains) throws Exception {
        List<String> args = new ArrayList<>(List.of("odmr",
                "--server", "127.0.0.1:" + (implicitTls ? system.odmrTlsPort() : system.odmrPort()),
                "--tls", implicitTls ? "implicit" : "starttls", "--pin-sha256", pin,
                "--user", login, "--deliver-to", "127.0.0.1:" + deliverPort, "--timeout", "30", "--verbose"));
        for (String d : domains) {
            args.add("--domain");
            args.add(d);
        }
        return FetchClient.run(RUN, password, args.toArray(String[]::new));
    }

    @Test
    void starttlsPullRelaysEveryHeldMessageIntoTheSink() throws Exception {
        String domain = Gateways.fresh("fc-starttls");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "alice@" + domain, 3);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = odmr(system, pin, false, domain, Gateways.PASSWORD, sink.port, domain);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("STARTTLS").contains("messages=3 accepted=3 deferred=0 rejected=0");
            List<SmtpSink.Received> got = sink.awaitCount(3, Duration.ofSeconds(20));
            assertThat(got).hasSize(3).allSatisfy(m -> {
                assertThat(m.mailFrom()).isEqualTo("sender@remote.example");
                assertThat(m.rcptTo()).containsExactly("alice@" + domain);
            });
            assertThat(got).extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
            for (String subject : subjects) {
                assertThat(got).filteredOn(m -> m.message().contains("body of " + subject)).hasSize(1);
            }
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void implicitTlsPortWithThePinnedCertificate() throws Exception {
        String domain = Gateways.fresh("fc-tls");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "bob@" + domain, 2);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = odmr(system, pin, true, domain, Gateways.PASSWORD, sink.port, domain);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("messages=2 accepted=2");
            List<SmtpSink.Received> got = sink.awaitCount(2, Duration.ofSeconds(20));
            assertThat(got).extracting(SmtpSink.Received::rcptTo).containsOnly(List.of("bob@" + domain));
            assertThat(got).extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void aWrongPinIsAConnectionFailureAndReleasesNothing() throws Exception {
        String domain = Gateways.fresh("fc-badpin");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.hold(system, "sender@remote.example", "eve@" + domain, 1);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = odmr(system, "00".repeat(32), true, domain, Gateways.PASSWORD, sink.port, domain);

            assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
            assertThat(sink.received()).isEmpty();
        }
        assertThat(Gateways.usage(system, domain)).isEqualTo(new Gateways.Usage(1, 0));
    }

    @Test
    void oneLoginPullsSeveralDomainsInOneAtrn() throws Exception {
        String a = Gateways.fresh("fc-multi-a");
        String b = Gateways.fresh("fc-multi-b");
        system.putGateway(a, Gateways.atrn(false));
        system.putGateway(b, Gateways.atrn(false, a)); // a's login may dequeue b too
        List<String> forA = Gateways.hold(system, "sender@remote.example", "info@" + a, 2);
        List<String> forB = Gateways.hold(system, "sender@remote.example", "sales@" + b, 1);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = odmr(system, pin, false, a, Gateways.PASSWORD, sink.port, a, b);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("ATRN " + a + "," + b).contains("messages=3");
            List<SmtpSink.Received> got = sink.awaitCount(3, Duration.ofSeconds(20));
            assertThat(got).filteredOn(m -> m.rcptTo().equals(List.of("info@" + a)))
                    .extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(forA);
            assertThat(got).filteredOn(m -> m.rcptTo().equals(List.of("sales@" + b)))
                    .extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(forB);
        }
        assertThat(Gateways.awaitSettled(system, a, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
        assertThat(Gateways.awaitSettled(system, b, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void nothingHeldIs453AndExit0() throws Exception {
        String domain = Gateways.fresh("fc-empty");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.awaitEdgeKnows(system.smtpPort(), domain);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            FetchClient.Result r = odmr(system, pin, false, domain, Gateways.PASSWORD, sink.port, domain);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("453").contains("messages=0");
            assertThat(sink.received()).isEmpty();
        }
    }
}
