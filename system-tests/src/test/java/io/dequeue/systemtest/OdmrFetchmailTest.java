package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ODMR as customers run it: the real fetchmail 6.4 ({@code protocol ODMR}, CRAM-MD5) pulls the
 * held mail of its domains over ATRN and relays the reversed session into a Postfix smtp-sink.
 */
class OdmrFetchmailTest {
    private static final Duration RUN = Duration.ofSeconds(90);
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Peers.requireFetchmailAndSink();
        system = DequeueSystem.get();
    }

    @Test
    void plaintextPortRelaysEveryHeldMessageIntoTheCustomersServer() throws Exception {
        String domain = Gateways.fresh("odmr-plain");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "alice@" + domain, 3);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD, domain,
                    sink.port, false), RUN);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("AUTH CRAM-MD5").contains("250 OK now reversing the connection");
            List<SmtpSink.Received> got = sink.awaitCount(3, Duration.ofSeconds(20));
            assertThat(got).hasSize(3);
            assertThat(got).allSatisfy(m -> {
                assertThat(m.mailFrom()).isEqualTo("sender@remote.example");
                assertThat(m.rcptTo()).containsExactly("alice@" + domain);
            });
            for (String subject : subjects) {
                assertThat(got).filteredOn(m -> m.message().contains("Subject: " + subject + "\n")
                        && m.message().contains("body of " + subject)).hasSize(1);
            }
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void implicitTlsPortWithTheEdgesSelfSignedCertificate() throws Exception {
        String domain = Gateways.fresh("odmr-tls");
        system.putGateway(domain, Gateways.atrn(false));
        List<String> subjects = Gateways.hold(system, "sender@remote.example", "bob@" + domain, 2);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrTlsPort(), domain, Gateways.PASSWORD, domain,
                    sink.port, true), RUN);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).containsIgnoringCase("SSL").contains("250 OK now reversing the connection");
            List<SmtpSink.Received> got = sink.awaitCount(2, Duration.ofSeconds(20));
            assertThat(got).extracting(SmtpSink.Received::rcptTo).containsOnly(List.of("bob@" + domain));
            assertThat(got).extracting(m -> subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(subjects);
        }
        assertThat(Gateways.awaitSettled(system, domain, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void oneLoginPullsSeveralDomainsInOneAtrn() throws Exception {
        String a = Gateways.fresh("odmr-multi-a");
        String b = Gateways.fresh("odmr-multi-b");
        system.putGateway(a, Gateways.atrn(false));
        system.putGateway(b, Gateways.atrn(false, a)); // a's login may dequeue b too
        List<String> forA = Gateways.hold(system, "sender@remote.example", "info@" + a, 2);
        List<String> forB = Gateways.hold(system, "sender@remote.example", "sales@" + b, 1);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), a, Gateways.PASSWORD, a + "," + b,
                    sink.port, false), RUN);

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("ATRN " + a + "," + b);
            List<SmtpSink.Received> got = sink.awaitCount(3, Duration.ofSeconds(20));
            assertThat(got).hasSize(3);
            assertThat(got).filteredOn(m -> m.rcptTo().equals(List.of("info@" + a)))
                    .extracting(m -> subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(forA);
            assertThat(got).filteredOn(m -> m.rcptTo().equals(List.of("sales@" + b)))
                    .extracting(m -> subjectOf(m.message())).containsExactlyInAnyOrderElementsOf(forB);
        }
        assertThat(Gateways.awaitSettled(system, a, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
        assertThat(Gateways.awaitSettled(system, b, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
    }

    @Test
    void noHeldMailIs453AndFetchmailDoesNotTreatItAsAFailure() throws Exception {
        String domain = Gateways.fresh("odmr-empty");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.awaitEdgeKnows(system.smtpPort(), domain);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), domain, Gateways.PASSWORD, domain,
                    sink.port, false), RUN);

            assertThat(r.output()).contains("453 You have no mail");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(sink.received()).isEmpty();
        }
    }

    @Test
    void onlyTheGrantedDomainsRecipientsAreSentTheOtherStaysHeldForItsOwnDomain() throws Exception {
        String granted = Gateways.fresh("odmr-granted");
        String other = Gateways.fresh("odmr-other");
        system.putGateway(granted, Gateways.atrn(false));
        system.putGateway(other, Gateways.atrn(false)); // another customer's: not authorised for granted's login
        String subject = "two domains";
        byte[] message = MailIn.message("sender@remote.example", "x@" + granted, subject, "for both");
        Gateways.send(system.smtpPort(), "sender@remote.example", List.of("x@" + granted, "y@" + other), message);
        assertThat(system.awaitHeld(granted, 1, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(system.awaitHeld(other, 1, Duration.ofSeconds(30))).isEqualTo(1);

        try (SmtpSink sink = SmtpSink.start(LocalRun.freePort())) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.odmrRc(system.odmrPort(), granted, Gateways.PASSWORD, granted,
                    sink.port, false), RUN);

            assertThat(r.exitCode()).as(r.output()).isZero();
            List<SmtpSink.Received> got = sink.awaitCount(1, Duration.ofSeconds(20));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).rcptTo()).containsExactly("x@" + granted);
            assertThat(subjectOf(got.get(0).message())).isEqualTo(subject);
            assertThat(r.output()).doesNotContain("y@" + other);
        }
        assertThat(Gateways.awaitSettled(system, granted, 0, Duration.ofSeconds(30))).isEqualTo(new Gateways.Usage(0, 0));
        assertThat(Gateways.usage(system, other)).isEqualTo(new Gateways.Usage(1, 0));
        assertThat(Gateways.messages(system, other)).singleElement()
                .satisfies(m -> assertThat(m.path("recipients").toString()).contains("y@" + other).doesNotContain(granted));
    }

    static String subjectOf(String message) {
        for (String line : message.split("\n")) {
            if (line.startsWith("Subject: ")) {
                return line.substring(9).stripTrailing();
            }
        }
        return null;
    }
}
