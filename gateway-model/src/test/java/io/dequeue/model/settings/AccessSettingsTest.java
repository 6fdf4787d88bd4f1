package io.dequeue.model.settings;

import io.dequeue.model.Cidr;
import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessSettingsTest {

    private static final AccessSettings RESTRICTED = new AccessSettings(
            List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")),
            List.of(Cidr.parse("192.0.2.13"), Cidr.parse("2001:db8:bad::/48")),
            null);

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void defaultsLetEveryoneAsk() {
        AccessSettings d = AccessSettings.DEFAULTS;
        assertThat(d.honor()).isEmpty();
        assertThat(d.ignore()).isEmpty();
        assertThat(d.authenticatedFromAnyIp()).isTrue();
        assertThat(d.allows(ip("203.0.113.9"), false)).isTrue();
        assertThat(d.allows(ip("2001:db8::1"), true)).isTrue();
    }

    @ParameterizedTest(name = "{0} authenticated={1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.25      | false | true
            192.0.2.25      | true  | true
            2001:db8::25    | false | true
            203.0.113.9     | false | false
            2001:db9::1     | false | false
            203.0.113.9     | true  | true
            2001:db9::1     | true  | true
            192.0.2.13      | false | false
            192.0.2.13      | true  | false
            2001:db8:bad::1 | true  | false
            """)
    void honorRestrictsIgnoreWinsAuthenticatedFromAnyIp(String client, boolean authenticated, boolean allowed) {
        assertThat(RESTRICTED.allows(ip(client), authenticated)).isEqualTo(allowed);
    }

    @Test
    void ignoreWinsEvenWithoutHonor() {
        AccessSettings s = new AccessSettings(null, List.of(Cidr.parse("198.51.100.0/24")), true);
        assertThat(s.allows(ip("198.51.100.7"), true)).isFalse();
        assertThat(s.allows(ip("198.51.100.7"), false)).isFalse();
        assertThat(s.allows(ip("198.51.101.7"), false)).isTrue();
    }

    @Test
    void withoutAuthenticatedFromAnyIpHonorAppliesToEveryone() {
        AccessSettings s = new AccessSettings(RESTRICTED.honor(), RESTRICTED.ignore(), false);
        assertThat(s.allows(ip("203.0.113.9"), true)).isFalse();
        assertThat(s.allows(ip("192.0.2.25"), true)).isTrue();
        assertThat(s.allows(ip("192.0.2.25"), false)).isTrue();
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<Cidr> honor = new ArrayList<>(List.of(Cidr.parse("192.0.2.0/24")));
        AccessSettings s = new AccessSettings(honor, null, null);
        honor.clear();
        assertThat(s.honor()).hasSize(1);
        assertThatThrownBy(() -> s.honor().add(Cidr.parse("10.0.0.0/8"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonRoundTrip() {
        String json = Json.writeString(RESTRICTED);
        assertThat(json).isEqualTo("{\"honor\":[\"192.0.2.0/24\",\"2001:db8:0:0:0:0:0:0/32\"],"
                + "\"ignore\":[\"192.0.2.13/32\",\"2001:db8:bad:0:0:0:0:0/48\"],\"authenticatedFromAnyIp\":true}");
        assertThat(Json.read(json, AccessSettings.class)).isEqualTo(RESTRICTED);
        assertThat(Json.read("{}", AccessSettings.class)).isEqualTo(AccessSettings.DEFAULTS);
    }
}
