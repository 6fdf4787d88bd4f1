package io.dequeue.edge.odmr;

import io.dequeue.edge.dequeue.Denial;
import io.dequeue.edge.dequeue.Settings;
import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.AccessSettings;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Which domains an ATRN pulls. */
class AtrnScopeTest {
    static final DomainName LOGIN = DomainName.parse("cust.example");
    static final DomainName SECOND = DomainName.parse("second.example");
    static final DomainName NO_ATRN = DomainName.parse("etrn-only.example");
    static final DomainName FOREIGN = DomainName.parse("foreign.example");
    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    static final Map<DomainName, GatewayRecord> GATEWAYS = Map.of(
            LOGIN, rec(Settings.gateway(LOGIN, null, Settings.atrn(true, false), AccessSettings.DEFAULTS)),
            SECOND, rec(Settings.gateway(SECOND, null, Settings.atrn(true, false), AccessSettings.DEFAULTS, LOGIN)),
            NO_ATRN, rec(Settings.gateway(NO_ATRN, Settings.etrn(true, true), Settings.atrn(false, false),
                    AccessSettings.DEFAULTS, LOGIN)),
            FOREIGN, rec(Settings.gateway(FOREIGN, null, Settings.atrn(true, false), AccessSettings.DEFAULTS)));

    static GatewayRecord rec(GatewaySettings s) {
        return new GatewayRecord(s, StoredSecret.fromPassword("x".toCharArray(), true, 1000), 1, null, Instant.now());
    }

    static AtrnScope resolve(List<String> requested) {
        Set<DomainName> mine = new TreeSet<>();
        GATEWAYS.values().stream().filter(g -> g.settings().mayBeDequeuedBy(LOGIN)).forEach(g -> mine.add(g.settings().domain()));
        return AtrnScope.resolve(requested, LOGIN, CLIENT, mine, d -> Optional.ofNullable(GATEWAYS.get(d)));
    }

    @Test
    void noListPullsEveryAtrnDomainOfTheLogin() {
        assertThat(resolve(List.of())).isEqualTo(new AtrnScope.Domains(List.of(LOGIN, SECOND)));
    }

    @Test
    void explicitList() {
        assertThat(resolve(List.of("second.example", "cust.example"))).isEqualTo(new AtrnScope.Domains(List.of(SECOND, LOGIN)));
    }

    @Test
    void anyBadDomainRefusesTheWhole() {
        assertThat(resolve(List.of("cust.example", "foreign.example"))).isEqualTo(new AtrnScope.Refused(FOREIGN, Denial.NOT_AUTHORISED));
        assertThat(resolve(List.of("cust.example", "etrn-only.example"))).isEqualTo(new AtrnScope.Refused(NO_ATRN, Denial.SERVICE_OFF));
        assertThat(resolve(List.of("nowhere.example"))).isEqualTo(new AtrnScope.Refused(DomainName.parse("nowhere.example"), Denial.UNKNOWN_DOMAIN));
    }
}
