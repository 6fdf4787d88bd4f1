package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Deliver to a configured host" with names served by a real dnsmasq: a domain through its MX, an
 * exact {@code [host]} (A only, its MX ignored), an IP literal, the gateway's port; a null MX and an
 * MX pointing back at this gateway fail the message permanently, with a DSN to its sender.
 */
class EtrnDeliverToHostTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        Etrn.requirePeers();
        system = DequeueSystem.get();
        Dnsmasq.serve(system.dnsPort,
                // a domain whose MX (preference 10) is a host on 127.0.0.1; a less preferred MX that does not exist
                "--mx-host=relay-mx.etrn.test,mx1.relay-mx.etrn.test,10",
                "--mx-host=relay-mx.etrn.test,mx2.relay-mx.etrn.test,20",
                "--host-record=mx1.relay-mx.etrn.test,127.0.0.1",
                // an exact host: its A is ours; its MX points somewhere that must not be used
                "--host-record=exact.etrn.test,127.0.0.1",
                "--mx-host=exact.etrn.test,elsewhere.etrn.test,10",
                "--host-record=elsewhere.etrn.test,127.0.0.2",
                // RFC 7505 null MX: preference 0, target "."
                "--mx-host=nullmx.etrn.test,.,0",
                // MX pointing at this gateway: by name, and by address
                "--mx-host=loop-name.etrn.test,mx.dequeue.test,10",
                "--host-record=mx.dequeue.test,127.0.0.1",
                "--mx-host=loop-addr.etrn.test,self.etrn.test,10",
                "--host-record=self.etrn.test,127.0.0.53");
    }

    @Test
    void aDomainIsDeliveredToItsMostPreferredMxHost() throws Exception {
        deliversTo("dth-mx.etrn.test", "relay-mx.etrn.test");
    }

    @Test
    void anExactHostIsDeliveredToItsAddressNotItsMx() throws Exception {
        deliversTo("dth-exact.etrn.test", "[exact.etrn.test]");
    }

    @Test
    void anIpLiteralIsUsedAsIs() throws Exception {
        deliversTo("dth-ip.etrn.test", "127.0.0.1");
    }

    @Test
    void anAddressLiteralInBracketsIsUsedAsIs() throws Exception {
        deliversTo("dth-ip-brackets.etrn.test", "[127.0.0.1]");
    }

    /** Every case uses the gateway's port override (a free port, never 25): the sink only listens there. */
    private void deliversTo(String domain, String host) throws Exception {
        int port = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(false, Etrn.host(host), port, null, null));
        byte[] msg = MailIn.message("erin@from.etrn.test", "frank@" + domain, "to " + host, "via " + host);
        MailIn.send(system.smtpPort(), "erin@from.etrn.test", List.of("frank@" + domain), msg);
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);

        try (SmtpSink sink = SmtpSink.start(port)) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null))
                    .isEqualTo("253 2.0.0 OK, 1 pending messages for node " + domain + " started");
            List<SmtpSink.Received> got = Etrn.afterRelease(system, domain, sink, Duration.ofSeconds(60));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).rcptTo()).containsExactly("frank@" + domain);
            assertThat(Etrn.delivered(got.get(0))).isEqualTo(Etrn.lf(msg));
            assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void aNullMxFailsTheMessageWithADsnToItsSender() throws Exception {
        failsWithDsn("dth-nullmx.etrn.test", "nullmx.etrn.test", "dsn-nullmx.etrn-sender.test", "5.1.10");
    }

    @Test
    void anMxNamedAsThisGatewayIsALoopAndFails() throws Exception {
        failsWithDsn("dth-loop-name.etrn.test", "loop-name.etrn.test", "dsn-loop-name.etrn-sender.test", "5.4.6");
    }

    @Test
    void anMxAtAnAddressOfThisGatewayIsALoopAndFails() throws Exception {
        failsWithDsn("dth-loop-addr.etrn.test", "loop-addr.etrn.test", "dsn-loop-addr.etrn-sender.test", "5.4.6");
    }

    @Test
    void aConfiguredHostNamedAsThisGatewayIsALoopAndFails() throws Exception {
        // [mx.dequeue.test] is an own name (it resolves to 127.0.0.1, where the sink listens)
        failsWithDsn("dth-self-name.etrn.test", "[mx.dequeue.test]", "dsn-self-name.etrn-sender.test", "5.4.6");
    }

    @Test
    void aConfiguredIpThatIsThisGatewayIsALoopAndFails() throws Exception {
        // 127.0.0.53 is an own address (DEQUEUE_DELIVERY_OWN_ADDRESSES)
        failsWithDsn("dth-self-ip.etrn.test", "127.0.0.53", "dsn-self-ip.etrn-sender.test", "5.4.6");
    }

    private void failsWithDsn(String domain, String host, String senderDomain, String status) throws Exception {
        Etrn.senderDomain(system, senderDomain);
        String sender = "grace@" + senderDomain;
        String rcpt = "heidi@" + domain;
        int port = LocalRun.freePort();
        system.putGateway(domain, Etrn.gateway(false, Etrn.host(host), port, null, null));
        MailIn.send(system.smtpPort(), sender, List.of(rcpt), MailIn.message(sender, rcpt, "doomed", "never arrives"));
        assertThat(system.awaitHeld(domain, 1, Duration.ofSeconds(30))).isEqualTo(1);

        // A sink on the gateway's port at 127.0.0.1 (where mx.dequeue.test points): nothing may arrive there.
        try (SmtpSink sink = SmtpSink.start(port)) {
            assertThat(Etrn.etrn(system.smtpPort(), "ETRN " + domain, null, null)).startsWith("253 ");
            List<SmtpSink.Received> dsns = Etrn.awaitDsns(system, sender, 1, Duration.ofSeconds(60));
            assertThat(dsns).hasSize(1);
            SmtpSink.Received dsn = dsns.get(0);
            assertThat(dsn.mailFrom()).isEmpty();
            assertThat(dsn.message()).contains("multipart/report").contains("report-type=delivery-status")
                    .contains("Final-Recipient: rfc822; " + rcpt).contains("Action: failed")
                    .contains("Status: " + status);
            assertThat(system.awaitHeld(domain, 0, Duration.ofSeconds(30))).isZero();
            assertThat(sink.received()).isEmpty();
        }
    }
}
