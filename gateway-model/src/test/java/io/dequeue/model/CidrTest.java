package io.dequeue.model;

import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.0/24         | 192.0.2.0/24
            192.0.2.77/24        | 192.0.2.0/24
            10.1.2.3/8           | 10.0.0.0/8
            0.0.0.0/0            | 0.0.0.0/0
            203.0.113.5/0        | 0.0.0.0/0
            192.0.2.7            | 192.0.2.7/32
            192.0.2.7/32         | 192.0.2.7/32
            ' 192.0.2.0/25 '     | 192.0.2.0/25
            2001:db8::/32        | 2001:db8:0:0:0:0:0:0/32
            2001:DB8:1234::1/48  | 2001:db8:1234:0:0:0:0:0/48
            2001:db8::1          | 2001:db8:0:0:0:0:0:1/128
            ::/0                 | 0:0:0:0:0:0:0:0/0
            ::1                  | 0:0:0:0:0:0:0:1/128
            fe80::1/10           | fe80:0:0:0:0:0:0:0/10
            ::ffff:192.0.2.7     | 192.0.2.7/32
            """)
    void parsesAndMasksToTheNetwork(String input, String written) {
        Cidr c = Cidr.parse(input);
        assertThat(c.toString()).isEqualTo(written);
        assertThat(Cidr.parse(written)).isEqualTo(c).hasSameHashCodeAs(c);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.0/24   | 192.0.2.0         | true
            192.0.2.0/24   | 192.0.2.255       | true
            192.0.2.0/24   | 192.0.3.0         | false
            192.0.2.0/24   | 192.0.1.255       | false
            192.0.2.0/23   | 192.0.3.9         | true
            192.0.2.0/25   | 192.0.2.128       | false
            192.0.2.7      | 192.0.2.7         | true
            192.0.2.7      | 192.0.2.8         | false
            0.0.0.0/0      | 203.0.113.9       | true
            0.0.0.0/0      | 2001:db8::1       | false
            2001:db8::/32  | 2001:db8:ffff::1  | true
            2001:db8::/32  | 2001:db9::1       | false
            2001:db8::/33  | 2001:db8:8000::1  | false
            ::/0           | 2001:db8::1       | true
            ::/0           | 192.0.2.1         | false
            2001:db8::1    | 2001:db8::1       | true
            2001:db8::1    | 2001:db8::2       | false
            192.0.2.0/24   | ::ffff:192.0.2.7  | true
            192.0.2.0/24   | ::ffff:192.0.3.7  | false
            192.0.2.0/24   | example.net       | false
            192.0.2.0/24   | 192.0.2           | false
            192.0.2.0/24   | ''                | false
            """)
    void containsAddressText(String cidr, String address, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(address)).isEqualTo(expected);
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsIpv4() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7};
        // Inet6Address.getByAddress keeps the 16 bytes (InetAddress.getByAddress would turn it into an Inet4Address)
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6.getAddress()).hasSize(16);

        assertThat(Cidr.parse("192.0.2.0/24").contains(v6)).isTrue();
        assertThat(Cidr.parse("192.0.3.0/24").contains(v6)).isFalse();
        assertThat(Cidr.parse("192.0.2.0/24").contains(InetAddress.getByAddress(mapped))).isTrue();
        // an IPv6 network does not see it as the mapped IPv4 address
        assertThat(Cidr.parse("2001:db8::/32").contains(v6)).isFalse();
    }

    @Test
    void containsInetAddress() throws UnknownHostException {
        Cidr net = Cidr.parse("198.51.100.0/24");
        assertThat(net.contains(InetAddress.getByName("198.51.100.20"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("198.51.101.20"))).isFalse();
        assertThat(net.contains(InetAddress.getByName("2001:db8::20"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/-1", "192.0.2.0/abc",
            "192.0.2.0/1234", "192.0.2.0/24/8", "192.0.2.0/ 24", "2001:db8::/+32"})
    void rejectsABadPrefix(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.net/24", "256.0.0.0/8", "192.0.2/24", "01.2.3.4/8", "192.0.2.0.0/24",
            "2001:db8:::1/64", "2001:db8::g/64", "[192.0.2.0]/24", "/24"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an IP address or CIDR");
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessage("empty CIDR");
        assertThatThrownBy(() -> Cidr.parse("  ")).isInstanceOf(IllegalArgumentException.class).hasMessage("empty CIDR");
    }

    @Test
    void equalityIgnoresHostBitsButNotThePrefix() {
        assertThat(Cidr.parse("192.0.2.1/24")).isEqualTo(Cidr.parse("192.0.2.200/24"));
        assertThat(Cidr.parse("192.0.2.0/24")).isNotEqualTo(Cidr.parse("192.0.2.0/25"));
        assertThat(Cidr.parse("0.0.0.0/0")).isNotEqualTo(Cidr.parse("::/0"));
    }

    @Test
    void jsonIsTheWrittenForm() {
        assertThat(Json.writeString(Cidr.parse("2001:db8::/32"))).isEqualTo("\"2001:db8:0:0:0:0:0:0/32\"");
        assertThat(Json.read("\"192.0.2.9/24\"", Cidr.class)).isEqualTo(Cidr.parse("192.0.2.0/24"));
    }

    @Test
    void ipLiteralNeverResolvesNames() {
        assertThat(IpLiteral.parse("localhost")).isNull();
        assertThat(IpLiteral.parse("example.net")).isNull();
        assertThat(IpLiteral.parse("1.2.3.4")).containsExactly(1, 2, 3, 4);
        assertThat(IpLiteral.parse("::1")).hasSize(16);
        assertThat(IpLiteral.parse("fe80::1%eth0")).isNull();
        assertThat(IpLiteral.parse(null)).isNull();
        assertThat(IpLiteral.parse("1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20:21:22:23")).isNull();
    }
}
