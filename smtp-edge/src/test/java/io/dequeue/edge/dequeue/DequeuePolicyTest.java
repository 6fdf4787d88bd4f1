package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.dequeue.edge.dequeue.Settings.access;
import static io.dequeue.edge.dequeue.Settings.atrn;
import static io.dequeue.edge.dequeue.Settings.etrn;
import static io.dequeue.edge.dequeue.Settings.gateway;
import static org.assertj.core.api.Assertions.assertThat;

/** The access checks one by one and in their order. */
class DequeuePolicyTest {
    static final DomainName D = DomainName.parse("client.example");
    static final DomainName OTHER = DomainName.parse("other.example");
    static final DomainName PARENT = DomainName.parse("parent.example");
    static final InetAddress INSIDE = ip("192.0.2.10");
    static final InetAddress OUTSIDE = ip("198.51.100.7");
    static final InetAddress IGNORED = ip("192.0.2.66");
    static final AccessSettings LISTS = access(List.of("192.0.2.0/24"), List.of("192.0.2.66"), true);
    static final DequeuePolicy ETRN = DequeuePolicy.etrn(8);
    static final DequeuePolicy ATRN = DequeuePolicy.atrn();

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<GatewayRecord> record(GatewaySettings s) {
        return Optional.of(new GatewayRecord(s, StoredSecret.fromPassword("x".toCharArray(), false, 1000), 1, null, Instant.now()));
    }

    static CheckResult etrnAsk(GatewaySettings s, InetAddress client, DomainName login, int count) {
        return ETRN.evaluate(new DequeueAsk(D, s == null ? Optional.empty() : record(s), client, login, count));
    }

    static Denial denial(CheckResult r) {
        return r instanceof CheckResult.Deny d ? d.reason() : null;
    }

    @Test
    void unknownDomainComesFirst() {
        assertThat(denial(etrnAsk(null, IGNORED, null, 99))).isEqualTo(Denial.UNKNOWN_DOMAIN);
    }

    @Test
    void etrnOffBeforeAddressAndAuth() {
        assertThat(denial(etrnAsk(gateway(D, etrn(false, true), null, LISTS), IGNORED, null, 99))).isEqualTo(Denial.SERVICE_OFF);
    }

    @Test
    void ignoreListWinsEvenWhenAuthenticated() {
        assertThat(denial(etrnAsk(gateway(D, etrn(true, true), null, LISTS), IGNORED, D, 1))).isEqualTo(Denial.ADDRESS_REFUSED);
    }

    @Test
    void honorListRestrictsUnlessAuthenticatedFromAnyIp() {
        GatewaySettings anyIp = gateway(D, etrn(true, false), null, LISTS);
        assertThat(denial(etrnAsk(anyIp, OUTSIDE, null, 1))).isEqualTo(Denial.ADDRESS_REFUSED);
        assertThat(etrnAsk(anyIp, OUTSIDE, D, 1).passed()).isTrue();
        assertThat(etrnAsk(anyIp, INSIDE, null, 1).passed()).isTrue();
        GatewaySettings strict = gateway(D, etrn(true, false), null, access(List.of("192.0.2.0/24"), List.of(), false));
        assertThat(denial(etrnAsk(strict, OUTSIDE, D, 1))).isEqualTo(Denial.ADDRESS_REFUSED);
    }

    @Test
    void authenticatedAsSomeoneElseDoesNotOpenTheHonorList() {
        GatewaySettings anyIp = gateway(D, etrn(true, false), null, LISTS);
        assertThat(denial(etrnAsk(anyIp, OUTSIDE, OTHER, 1))).isEqualTo(Denial.ADDRESS_REFUSED);
    }

    @Test
    void authRequiredThenAuthorisedLogin() {
        GatewaySettings s = gateway(D, etrn(true, true), null, AccessSettings.DEFAULTS, PARENT);
        assertThat(denial(etrnAsk(s, OUTSIDE, null, 1))).isEqualTo(Denial.AUTH_REQUIRED);
        assertThat(denial(etrnAsk(s, OUTSIDE, OTHER, 1))).isEqualTo(Denial.NOT_AUTHORISED);
        assertThat(etrnAsk(s, OUTSIDE, D, 1).passed()).isTrue();
        assertThat(etrnAsk(s, OUTSIDE, PARENT, 1).passed()).isTrue();
    }

    @Test
    void authWaived() {
        GatewaySettings s = gateway(D, etrn(true, false), null, AccessSettings.DEFAULTS);
        assertThat(etrnAsk(s, OUTSIDE, null, 1).passed()).isTrue();
        assertThat(etrnAsk(s, OUTSIDE, OTHER, 1).passed()).isTrue();
    }

    @Test
    void throttleIsLastAndPastEight() {
        GatewaySettings s = gateway(D, etrn(true, false), null, AccessSettings.DEFAULTS);
        assertThat(etrnAsk(s, OUTSIDE, null, 8).passed()).isTrue();
        assertThat(denial(etrnAsk(s, OUTSIDE, null, 9))).isEqualTo(Denial.THROTTLED);
        GatewaySettings auth = gateway(D, etrn(true, true), null, AccessSettings.DEFAULTS);
        assertThat(denial(etrnAsk(auth, OUTSIDE, null, 9))).isEqualTo(Denial.AUTH_REQUIRED);
    }

    @Test
    void atrnAlwaysNeedsAnAuthorisedLogin() {
        GatewaySettings s = gateway(D, etrn(false, false), atrn(true, false), AccessSettings.DEFAULTS, PARENT);
        assertThat(denial(ATRN.evaluate(new DequeueAsk(D, record(s), OUTSIDE, OTHER, 1)))).isEqualTo(Denial.NOT_AUTHORISED);
        assertThat(ATRN.evaluate(new DequeueAsk(D, record(s), OUTSIDE, PARENT, 1)).passed()).isTrue();
        GatewaySettings off = gateway(D, etrn(true, false), atrn(false, false), AccessSettings.DEFAULTS);
        assertThat(denial(ATRN.evaluate(new DequeueAsk(D, record(off), OUTSIDE, D, 1)))).isEqualTo(Denial.SERVICE_OFF);
    }
}
