package io.dequeue.edge.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.edge.smtp.ListenerSettings;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    static SocketAddress peer(String ip) {
        return SocketAddress.inetSocketAddress(40000, ip);
    }

    @Test
    void trustsOnlyPeersInTheNetworks() {
        TrustedProxies t = TrustedProxies.parse(List.of("10.1.0.0/16", " 192.0.2.7 ", "2001:db8::/32", ""));
        assertThat(t.networks()).hasSize(3);
        assertThat(t.trusts(peer("10.1.200.3"))).isTrue();
        assertThat(t.trusts(peer("192.0.2.7"))).isTrue();
        assertThat(t.trusts(peer("2001:db8::25"))).isTrue();
        assertThat(t.trusts(peer("10.2.0.1"))).isFalse();
        assertThat(t.trusts(peer("192.0.2.8"))).isFalse();
        assertThat(t.trusts(peer("127.0.0.1"))).isFalse();
        assertThat(t.trusts(peer("2001:db9::1"))).isFalse();
        assertThat(t.trusts(null)).isFalse();
        assertThat(TrustedProxies.none().trusts(peer("127.0.0.1"))).isFalse();
    }

    @Test
    void aBadEntryNamesTheSetting() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8", "lb.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dequeue.edge.proxy.trusted-cidrs (env DEQUEUE_PROXY_TRUSTED_CIDRS)");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProxyListenerWithNobodyTrustedDoesNotStart() {
        assertThatThrownBy(() -> TrustedProxies.none().requireFor("odmr", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'odmr' expects the PROXY protocol")
                .hasMessageContaining("set dequeue.edge.proxy.trusted-cidrs (env DEQUEUE_PROXY_TRUSTED_CIDRS)");
        TrustedProxies.none().requireFor("odmr", false);
        ListenerSettings.Builder smtp = new ListenerSettings("smtp", "127.0.0.1", 0, "mx.gw.test", false, Duration.ofSeconds(5),
                TrustedProxies.none(), 26_214_400L, 100, 50, 2048, 1000, 20, Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ZERO, io.dequeue.smtp.wire.DataReader.BareLineEndingPolicy.REJECT, 20, 3, 100, true, false,
                Duration.ofSeconds(20), 1, 500, Duration.ofSeconds(30)).toBuilder().proxyProtocol(true);
        assertThatThrownBy(smtp::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'smtp' expects the PROXY protocol").hasMessageContaining("DEQUEUE_PROXY_TRUSTED_CIDRS");
        assertThat(smtp.trustedProxies(TrustedProxies.parse(List.of("10.0.0.0/8"))).build().proxyProtocol()).isTrue();
    }
}
