package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real fetchmail in ETRN mode releases held mail to a Postfix smtp-sink listening on the
 * requester's address (127.0.0.1) at the gateway's ETRN port; every message arrives byte for byte
 * as accepted, with only Dequeue's Received: line added on top.
 */
class EtrnFetchmailTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Etrn.requirePeers();
        system = DequeueSystem.get();
    }

    @Test
    void fetchmailWithEsmtpAuthReleasesHeldMailToTheRequester() throws Exception {
        releaseWithFetchmail("fm-auth.etrn.test", "fm-auth-Secret-4Rt8");
    }

    @Test
    void fetchmailWithoutAuthReleasesWhenTheGatewayWaivesIt() throws Exception {
        releaseWithFetchmail("fm-noauth.etrn.test", null);
    }

    private void releaseWithFetchmail(String domain, String password) throws Exception {
        int sinkPort = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(password != null, Etrn.REQUESTER_IP, sinkPort,
                password == null ? "unused-Pw-7Kq2x9" : password, password == null ? Etrn.LOOPBACK_ONLY : null));
        List<byte[]> sent = new ArrayList<>();
        // plain text, a dot-stuffed line, 8-bit bytes, a long header folded over lines
        sent.add(MailIn.message("alice@from.etrn.test", "bob@" + domain, "first", "Hello Bob.\n.leading dot\nbye"));
        sent.add(("From: <carol@from.etrn.test>\r\nTo: <dave@" + domain + ">\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n"
                + "X-Long: a\r\n\tfolded header\r\nMessage-ID: <m2." + domain + "@system.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "caf\u00e9 \u00fcber\r\n..\r\n\r\nend\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MailIn.send(system.smtpPort(), "alice@from.etrn.test", List.of("bob@" + domain), sent.get(0));
        MailIn.send(system.smtpPort(), "carol@from.etrn.test", List.of("dave@" + domain), sent.get(1));
        assertThat(system.awaitHeld(domain, 2, Duration.ofSeconds(30))).isEqualTo(2);

        try (SmtpSink sink = SmtpSink.start(sinkPort)) {
            Fetchmail.Result r = Fetchmail.run(Fetchmail.etrnRc(system.smtpPort(), domain, password), Duration.ofSeconds(60));
            assertThat(r.output()).as(r.output()).contains("253 2.0.0 OK, 2 pending messages for node " + domain + " started");
            if (password != null) {
                assertThat(r.output()).as(r.output()).contains("235 2.7.0");
            }

            List<SmtpSink.Received> got = Etrn.afterRelease(system, domain, sink, Duration.ofSeconds(60));
            assertThat(got).hasSize(2);
            got = new ArrayList<>(got);
            got.sort(Comparator.comparing(SmtpSink.Received::mailFrom));
            assertThat(got.get(0).mailFrom()).isEqualTo("alice@from.etrn.test");
            assertThat(got.get(0).rcptTo()).containsExactly("bob@" + domain);
            assertThat(Etrn.delivered(got.get(0))).isEqualTo(Etrn.lf(sent.get(0)));
            assertThat(got.get(1).mailFrom()).isEqualTo("carol@from.etrn.test");
            assertThat(got.get(1).rcptTo()).containsExactly("dave@" + domain);
            assertThat(Etrn.delivered(got.get(1))).isEqualTo(Etrn.lf(sent.get(1)));
            assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();

            // Nothing left: a second run is told so (and fetchmail stops at the 251).
            Fetchmail.Result again = Fetchmail.run(Fetchmail.etrnRc(system.smtpPort(), domain, password), Duration.ofSeconds(60));
            assertThat(again.output()).as(again.output()).contains("251 2.0.0 OK, no messages waiting for node " + domain);
            // queue-service's answer to it (it released nothing) is on mail.lifecycle: no release can follow it
            Lifecycle.await(system, domain, "the second ETRN answered 'none'", Lifecycle.type("etrn", "outcome", "none"),
                    Duration.ofSeconds(30));
            assertThat(Lifecycle.events(system, domain)).filteredOn(Lifecycle.type("released")).as("releases").hasSize(2);
            assertThat(sink.received()).hasSize(2);
        }
    }
}
