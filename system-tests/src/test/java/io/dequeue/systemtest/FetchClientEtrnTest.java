package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dequeue-fetch etrn} against Dequeue's edge: STARTTLS (the certificate pinned), AUTH
 * CRAM-MD5, {@code ETRN domain}; exit 0 and the held mail arrives at the gateway's configured host.
 */
class FetchClientEtrnTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
    }

    @Test
    void etrnStartsDeliveryToTheConfiguredHost() throws Exception {
        String domain = Gateways.fresh("fc-etrn");
        int port = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(true, Etrn.host("127.0.0.1"), port, Gateways.PASSWORD, null));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "frank@" + domain, 2);

        try (SmtpSink sink = SmtpSink.start(port)) {
            FetchClient.Result r = FetchClient.run(FetchClientOdmrTest.RUN, Gateways.PASSWORD, "etrn",
                    "--server", "127.0.0.1:" + system.smtpPort(), "--tls", "starttls", "--pin-sha256", FetchClient.edgePin(system),
                    "--user", domain, "--domain", domain, "--timeout", "30");

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("253");
            List<SmtpSink.Received> got = Etrn.afterRelease(system, domain, sink, Duration.ofSeconds(60));
            assertThat(got).hasSize(2).allSatisfy(m -> assertThat(m.rcptTo()).containsExactly("frank@" + domain));
            assertThat(got).extracting(m -> OdmrFetchmailTest.subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
        }
        assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();
    }
}
