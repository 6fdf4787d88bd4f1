package io.dequeue.delivery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.delivery.dns.TargetPolicy.Scope;
import io.dequeue.model.event.ReleaseTarget;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which networks an address belongs to, and what allow-private-targets changes. */
class TargetPolicyTest {

    private static Scope scope(String ip) {
        return TargetPolicy.scope(TargetPolicy.address(ip));
    }

    @Test
    void rangesAndTheirEdges() {
        for (String ip : List.of("10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255", "192.168.0.1",
                "100.64.0.0", "100.127.255.255", "fc00::", "fdff:ffff::1", "::ffff:10.1.2.3", "64:ff9b::192.168.1.1")) {
            assertThat(scope(ip)).as(ip).isEqualTo(Scope.PRIVATE);
        }
        for (String ip : List.of("127.0.0.1", "127.255.255.254", "::1", "169.254.0.1", "fe80::1", "febf::1", "0.0.0.0",
                "0.1.2.3", "::", "224.0.0.1", "239.255.255.255", "ff02::1", "255.255.255.255", "fec0::1",
                "::ffff:127.0.0.1", "::127.0.0.1")) {
            assertThat(scope(ip)).as(ip).isEqualTo(Scope.LOCAL);
        }
        for (String ip : List.of("9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
                "192.169.0.0", "100.63.255.255", "100.128.0.0", "192.0.2.1", "2001:db8::1", "fbff::1", "fe00::1",
                "64:ff9b::192.0.2.1", "255.255.255.254")) {
            assertThat(scope(ip)).as(ip).isEqualTo(Scope.PUBLIC);
        }
    }

    @Test
    void chosenTargetsMayBePrivateDerivedOnesMayNot() throws Exception {
        TargetPolicy strict = new TargetPolicy(List.of(), List.of(), false);
        InetAddress lan = InetAddress.getByName("192.168.1.5");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(strict.permits(lan, true)).isTrue();
        assertThat(strict.permits(lan, false)).isFalse();
        assertThat(strict.permits(loopback, true)).isFalse();
        TargetPolicy open = new TargetPolicy(List.of(), List.of(), true);
        assertThat(open.permits(lan, false)).isTrue();
        assertThat(open.permits(loopback, false)).isTrue();
    }

    @Test
    void allowingPrivateTargetsNeverAllowsTheGatewayItself() {
        InMemoryResolver zone = new InMemoryResolver().mx("example.net", 10, "mx.example.net")
                .address("mx.example.net", "127.0.0.53").address("local.example", "127.0.0.1");
        TargetResolver t = new TargetResolver(zone, new TargetPolicy(List.of("gw.example"), List.of("127.0.0.53"), true),
                new Random(1), 10);
        assertThat(((Resolution.Failure) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", 25)))
                .reply().enhancedCode()).isEqualTo("5.4.6");
        assertThat(((Resolution.Failure) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "127.0.0.53", 25)))
                .reply().enhancedCode()).isEqualTo("5.4.6");
        assertThat(((Resolution.Failure) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "gw.example", 25)))
                .reply().enhancedCode()).isEqualTo("5.4.6");
        // other loopback addresses are fine with the setting on (the tests' receivers live there)
        assertThat(((Resolution.Destinations) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "local.example",
                2626))).destinations().get(0).ip()).isEqualTo("127.0.0.1");
        assertThat(((Resolution.Destinations) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.MX, "[127.0.0.1]", 2525)))
                .destinations().get(0).port()).isEqualTo(2525);
    }
}
