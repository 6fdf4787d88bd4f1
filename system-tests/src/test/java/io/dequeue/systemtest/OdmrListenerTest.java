package io.dequeue.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ODMR listeners as the running system offers them with production defaults (no insecure
 * AUTH): the dialogue details themselves are covered by smtp-edge's dialogue scripts.
 */
class OdmrListenerTest {
    private static DequeueSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = DequeueSystem.get();
    }

    @Test
    void plaintextPortOffersOnlyCramMd5AndAtrn() throws Exception {
        try (AtrnClient c = new AtrnClient(system.odmrPort())) {
            assertThat(c.ehlo()).contains("250-AUTH CRAM-MD5", "250 ATRN").noneMatch(l -> l.contains("PLAIN") || l.contains("LOGIN"));
        }
    }

    @Test
    void implicitTlsPortAlsoOffersPlainAndLoginButNotStarttls() throws Exception {
        try (AtrnClient c = AtrnClient.tls(system.odmrTlsPort())) {
            assertThat(c.ehlo()).contains("250-AUTH CRAM-MD5 PLAIN LOGIN", "250 ATRN").noneMatch(l -> l.contains("STARTTLS"));
        }
    }

    @Test
    void atrnAfterCramMd5OfAGatewayWithoutMailIs453AndTheSessionGoesOn() throws Exception {
        String domain = Gateways.fresh("odmr-listener");
        system.putGateway(domain, Gateways.atrn(false));
        Gateways.awaitEdgeKnows(system.smtpPort(), domain);
        try (AtrnClient c = AtrnClient.tls(system.odmrTlsPort())) {
            c.ehlo();
            assertThat(c.atrn(domain)).startsWith("530");
            assertThat(c.authCramMd5(domain, Gateways.PASSWORD)).startsWith("235 2.7.0");
            assertThat(c.atrn(domain)).isEqualTo("453 You have no mail");
            assertThat(c.atrn("nowhere-" + domain)).isEqualTo("450 ATRN request refused");
        }
    }
}
