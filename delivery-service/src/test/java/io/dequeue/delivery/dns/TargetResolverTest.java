package io.dequeue.delivery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.model.event.ReleaseTarget;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The delivery target rules, against an in-memory zone. */
class TargetResolverTest {

    private static TargetResolver resolver(InMemoryResolver zone) {
        return new TargetResolver(zone, List.of("mx.gw.test"), List.of("192.0.2.1"), new Random(7), 10);
    }

    private static ReleaseTarget mx(String domain) {
        return new ReleaseTarget(ReleaseTarget.Kind.MX, domain, 25);
    }

    private static List<String> ips(Resolution r) {
        assertThat(r).isInstanceOf(Resolution.Destinations.class);
        return ((Resolution.Destinations) r).destinations().stream().map(Destination::ip).toList();
    }

    private static Resolution.Failure failure(Resolution r) {
        assertThat(r).isInstanceOf(Resolution.Failure.class);
        return (Resolution.Failure) r;
    }

    @Test
    void ipTargetsAreUsedAsIsWithoutDns() {
        InMemoryResolver zone = new InMemoryResolver();
        TargetResolver t = resolver(zone);
        assertThat(ips(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "198.51.100.7", 2525))))
                .containsExactly("198.51.100.7");
        assertThat(ips(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "[2001:db8::7]", 25))))
                .containsExactly("2001:db8:0:0:0:0:0:7");
        assertThat(((Resolution.Destinations) t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS,
                "198.51.100.7", 2525))).destinations().get(0).port()).isEqualTo(2525);
        assertThat(zone.queries()).isZero();
        assertThat(failure(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "not-an-ip", 25))).permanent())
                .isFalse();
    }

    @Test
    void exactHostUsesAddressRecordsOnly() {
        InMemoryResolver zone = new InMemoryResolver().mx("mail.example.net", 10, "other.example.net")
                .address("mail.example.net", "2001:db8::25", "192.0.2.25");
        assertThat(ips(resolver(zone).resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "mail.example.net", 25))))
                .containsExactly("192.0.2.25", "2001:db8:0:0:0:0:0:25");
        Resolution.Failure f = failure(resolver(new InMemoryResolver().mx("mx-only.example.net", 10, "x.example.net"))
                .resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "mx-only.example.net", 25)));
        assertThat(f.permanent()).isTrue();
    }

    @Test
    void mxHostsInPreferenceOrder() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 20, "backup.example.net").mx("example.net", 10, "primary.example.net.")
                .address("primary.example.net", "192.0.2.10").address("backup.example.net", "192.0.2.20");
        Resolution r = resolver(zone).resolve(mx("example.net"));
        assertThat(ips(r)).containsExactly("192.0.2.10", "192.0.2.20");
        assertThat(((Resolution.Destinations) r).destinations().get(0).host()).isEqualTo("primary.example.net");
    }

    @Test
    void equalPreferencesComeInRandomOrder() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 10, "a.example.net").mx("example.net", 10, "b.example.net")
                .mx("example.net", 10, "c.example.net").mx("example.net", 5, "first.example.net")
                .address("a.example.net", "192.0.2.1").address("b.example.net", "192.0.2.2")
                .address("c.example.net", "192.0.2.3").address("first.example.net", "192.0.2.9");
        TargetResolver t = new TargetResolver(zone, List.of(), List.of(), new Random(42), 10);
        Set<String> seconds = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            List<String> order = ips(t.resolve(mx("example.net")));
            assertThat(order.get(0)).isEqualTo("192.0.2.9");
            assertThat(order).hasSize(4);
            seconds.add(order.get(1));
        }
        assertThat(seconds).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2", "192.0.2.3");
    }

    @Test
    void implicitMxWhenTheDomainHasNoMx() {
        InMemoryResolver zone = new InMemoryResolver().address("example.org", "192.0.2.44");
        Resolution r = resolver(zone).resolve(mx("example.org"));
        assertThat(ips(r)).containsExactly("192.0.2.44");
        assertThat(((Resolution.Destinations) r).destinations().get(0).host()).isEqualTo("example.org");
    }

    @Test
    void nullMxIsAPermanentFailure() {
        Resolution.Failure f = failure(resolver(new InMemoryResolver().nullMx("nomail.example")
                .address("nomail.example", "192.0.2.5")).resolve(mx("nomail.example")));
        assertThat(f.permanent()).isTrue();
        assertThat(f.reply().code()).isEqualTo(556);
        assertThat(f.reply().enhancedCode()).isEqualTo("5.1.10");
    }

    @Test
    void ownMxHostAndEveryLessPreferredOneAreDropped() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 10, "customer.example.net")
                .mx("example.net", 20, "MX.GW.TEST")
                .mx("example.net", 20, "peer.example.net")
                .mx("example.net", 30, "last.example.net")
                .address("customer.example.net", "192.0.2.10").address("mx.gw.test", "192.0.2.1")
                .address("peer.example.net", "192.0.2.21").address("last.example.net", "192.0.2.30");
        assertThat(ips(resolver(zone).resolve(mx("example.net")))).containsExactly("192.0.2.10");
    }

    @Test
    void anMxHostResolvingToAnOwnAddressIsThisGatewayToo() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 10, "customer.example.net").mx("example.net", 20, "alias.example.net")
                .mx("example.net", 30, "last.example.net")
                .address("customer.example.net", "192.0.2.10").address("alias.example.net", "192.0.2.1")
                .address("last.example.net", "192.0.2.30");
        assertThat(ips(resolver(zone).resolve(mx("example.net")))).containsExactly("192.0.2.10");
    }

    @Test
    void nothingLeftAfterLoopRemovalIsAPermanentLoop() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 10, "mx.gw.test").mx("example.net", 20, "backup.example.net")
                .address("mx.gw.test", "192.0.2.1").address("backup.example.net", "192.0.2.20");
        Resolution.Failure f = failure(resolver(zone).resolve(mx("example.net")));
        assertThat(f.permanent()).isTrue();
        assertThat(f.reply().enhancedCode()).isEqualTo("5.4.6");
        // by address: the only MX resolves to this gateway
        Resolution.Failure g = failure(resolver(new InMemoryResolver().mx("example.com", 10, "alias.example.com")
                .address("alias.example.com", "192.0.2.1")).resolve(mx("example.com")));
        assertThat(g.reply().enhancedCode()).isEqualTo("5.4.6");
    }

    @Test
    void servfailAndTimeoutAreTransientNxdomainIsPermanent() {
        assertThat(failure(resolver(new InMemoryResolver().servfail("example.net")).resolve(mx("example.net")))
                .permanent()).isFalse();
        assertThat(failure(resolver(new InMemoryResolver().timeout("example.net")).resolve(mx("example.net")))
                .reply().enhancedCode()).isEqualTo("4.4.3");
        Resolution.Failure nx = failure(resolver(new InMemoryResolver()).resolve(mx("nowhere.example")));
        assertThat(nx.permanent()).isTrue();
        assertThat(nx.reply().code()).isEqualTo(550);
        // an MX host whose address lookup times out: transient
        InMemoryResolver zone = new InMemoryResolver().mx("example.net", 10, "slow.example.net").timeout("slow.example.net");
        assertThat(failure(resolver(zone).resolve(mx("example.net"))).permanent()).isFalse();
        // the first MX host fails temporarily, the second works: use the second
        InMemoryResolver zone2 = new InMemoryResolver().mx("example.net", 10, "slow.example.net")
                .mx("example.net", 20, "ok.example.net").servfail("slow.example.net").address("ok.example.net", "192.0.2.2");
        assertThat(ips(resolver(zone2).resolve(mx("example.net")))).containsExactly("192.0.2.2");
        assertThat(failure(resolver(new InMemoryResolver().servfail("h.example")).resolve(
                new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "h.example", 25))).permanent()).isFalse();
    }

    @Test
    void mxHostsWithoutAddressesArePermanent() {
        InMemoryResolver zone = new InMemoryResolver().mx("example.net", 10, "gone.example.net");
        Resolution.Failure f = failure(resolver(zone).resolve(mx("example.net")));
        assertThat(f.permanent()).isTrue();
        assertThat(f.reply().enhancedCode()).isEqualTo("5.4.4");
    }

    // ---- where the gateway never delivers: itself, and (unless allowed) local and private networks

    private static Resolution.Failure refused(Resolution r, String enhanced) {
        Resolution.Failure f = failure(r);
        assertThat(f.permanent()).as(f.reply().toString()).isTrue();
        assertThat(f.reply().enhancedCode()).as(f.reply().toString()).isEqualTo(enhanced);
        return f;
    }

    @Test
    void everyKindOfTargetThatIsThisGatewayIsAPermanentLoop() {
        InMemoryResolver zone = new InMemoryResolver().address("alias.example.net", "192.0.2.1")
                .address("mx.gw.test", "192.0.2.1");
        TargetResolver t = resolver(zone);
        // an IP literal, the requester's address, a [host] by name or by address: all this gateway
        refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.1", 25)), "5.4.6");
        refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "192.0.2.1", 2525)), "5.4.6");
        Resolution.Failure byName = refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "MX.gw.test.", 25)),
                "5.4.6");
        assertThat(byName.reply().code()).isEqualTo(554);
        refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "alias.example.net", 25)), "5.4.6");
        // the mail domain of a DSN's recipient can be an address literal: the gateway's own address loops too
        refused(t.resolve(mx("[192.0.2.1]")), "5.4.6");
    }

    @Test
    void derivedTargetsOnLocalOrPrivateNetworksAreNotUsed() {
        InMemoryResolver zone = new InMemoryResolver()
                .mx("example.net", 10, "internal.example.net").mx("example.net", 20, "public.example.net")
                .address("internal.example.net", "10.0.0.5", "fd00::5").address("public.example.net", "192.0.2.30")
                .mx("inside.example", 10, "a.inside.example").mx("inside.example", 20, "b.inside.example")
                .address("a.inside.example", "127.0.0.1").address("b.inside.example", "172.16.3.4")
                .address("metadata.example", "169.254.169.254");
        TargetResolver t = resolver(zone);
        // MX hosts come from the domain's DNS: the private ones are skipped, the public one is used
        assertThat(ips(t.resolve(mx("example.net")))).containsExactly("192.0.2.30");
        Resolution.Failure inside = refused(t.resolve(mx("inside.example")), "5.4.4");
        assertThat(inside.reply().code()).isEqualTo(550);
        refused(t.resolve(mx("metadata.example")), "5.4.4"); // implicit MX on a link-local address
        // a DSN to a sender at an address literal (MAIL FROM:<x@[10.0.0.5]>): never to an internal host
        for (String literal : List.of("[10.0.0.5]", "[127.0.0.1]", "[IPv6:fc00::1]", "[169.254.169.254]", "[0.0.0.0]",
                "[224.0.0.1]", "[IPv6:::1]", "[100.64.0.1]")) {
            refused(t.resolve(mx(literal)), "5.4.4");
        }
        assertThat(ips(t.resolve(mx("[192.0.2.40]")))).containsExactly("192.0.2.40");
        assertThat(zone.queries()).isEqualTo(8); // the literals asked no DNS
    }

    @Test
    void configuredAndRequesterTargetsMayBePrivateButNeverLocal() {
        InMemoryResolver zone = new InMemoryResolver().address("mail.lan.example", "192.168.1.25")
                .address("localhost.example", "127.0.0.1");
        TargetResolver t = resolver(zone);
        // an operator's "deliver to" in a LAN, and a requester behind NAT: private networks are fine
        assertThat(ips(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "10.1.2.3", 25))))
                .containsExactly("10.1.2.3");
        assertThat(ips(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "192.168.7.9", 2525))))
                .containsExactly("192.168.7.9");
        assertThat(ips(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "mail.lan.example", 25))))
                .containsExactly("192.168.1.25");
        // loopback, link-local, unspecified and multicast are never a mail server elsewhere
        for (String ip : List.of("127.0.0.1", "::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.251",
                "ff02::1", "255.255.255.255")) {
            refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, ip, 25)), "5.4.4");
            refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, ip, 25)), "5.4.4");
        }
        refused(t.resolve(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "localhost.example", 25)), "5.4.4");
    }
}
