package io.dequeue.smtp.client.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The name rules of {@link PeerIdentity} and which name {@link VerifyingTrustManager} checks. */
class PeerIdentityTest {

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(textBlock = """
            mx.example.net,   mx.example.net,    true
            mx.example.net,   other.example.net, false
            mx.example.net,   *.example.net,     true
            a.mx.example.net, *.example.net,     false
            example.net,      *.example.net,     false
            mx.example.net,   *.net,             false
            mx.example.net,   m*.example.net,    false
            mx.example.net,   *.*.net,           false
            mx.example.net,   '',                false
            mx.example.net,   example.net,       false
            """)
    void hostNames(String host, String pattern, boolean matches) {
        assertThat(PeerIdentity.hostMatches(host, pattern)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            127.0.0.1,            127.0.0.1
            [192.0.2.1],          192.0.2.1
            2001:db8::1,          2001:db8:0:0:0:0:0:1
            [IPv6:2001:db8::1],   2001:db8:0:0:0:0:0:1
            """)
    void ipLiterals(String text, String address) throws Exception {
        assertThat(PeerIdentity.ipLiteral(text)).isEqualTo(InetAddress.getByName(address));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            mx.example.net
            256.0.0.1
            1.2.3
            localhost
            """)
    void notIpLiterals(String text) {
        assertThat(PeerIdentity.ipLiteral(text)).isNull();
    }

    @Test
    void theSniNameIsCheckedElseTheAddressConnectedTo() {
        SSLParameters sni = new SSLParameters();
        sni.setServerNames(List.of(new SNIHostName("mx.example.net")));
        assertThat(VerifyingTrustManager.expectedName(sni, "192.0.2.1")).isEqualTo("mx.example.net");
        assertThat(VerifyingTrustManager.expectedName(new SSLParameters(), "192.0.2.1")).isEqualTo("192.0.2.1");
    }
}
