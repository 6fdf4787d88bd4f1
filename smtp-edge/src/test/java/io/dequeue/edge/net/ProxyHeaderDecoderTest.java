package io.dequeue.edge.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyHeaderDecoderTest {

    private static ProxyHeaderDecoder.Result decode(byte[] b) {
        return new ProxyHeaderDecoder().feed(b);
    }

    private static ProxyHeaderDecoder.Result decodeByteByByte(byte[] b) {
        ProxyHeaderDecoder d = new ProxyHeaderDecoder();
        ProxyHeaderDecoder.Result r = null;
        for (byte x : b) {
            r = d.feed(new byte[] {x});
            if (!(r instanceof ProxyHeaderDecoder.NeedMore)) {
                break;
            }
        }
        return r;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] v2(int verCmd, int famProto, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProxyHeaderDecoder.V2_SIGNATURE);
        out.write(verCmd);
        out.write(famProto);
        out.write(payload.length >> 8);
        out.write(payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** name, input, expected client "ip:port" or "local". */
    static Stream<Arguments> good() {
        return Stream.of(
                Arguments.of("v1 TCP4", ascii("PROXY TCP4 203.0.113.7 192.0.2.1 56324 25\r\n"), "203.0.113.7:56324"),
                Arguments.of("v1 TCP6", ascii("PROXY TCP6 2001:db8::7 2001:db8::1 4000 25\r\n"), "2001:db8:0:0:0:0:0:7:4000"),
                Arguments.of("v1 UNKNOWN", ascii("PROXY UNKNOWN\r\n"), "local"),
                Arguments.of("v1 UNKNOWN with addresses", ascii("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n"), "local"),
                Arguments.of("v1 port 0 and 65535", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 0 65535\r\n"), "1.2.3.4:0"),
                Arguments.of("v2 TCP4", v2(0x21, 0x11, hex("cb007107 c0000201 dc04 0019")), "203.0.113.7:56324"),
                Arguments.of("v2 UDP4", v2(0x21, 0x12, hex("cb007107 c0000201 dc04 0019")), "203.0.113.7:56324"),
                Arguments.of("v2 TCP6", v2(0x21, 0x21, hex("20010db8000000000000000000000007 20010db8000000000000000000000001 0fa0 0019")),
                        "2001:db8:0:0:0:0:0:7:4000"),
                Arguments.of("v2 TCP4 with TLVs", v2(0x21, 0x11, hex("cb007107 c0000201 dc04 0019 0400 0300 0102 ea 0005 0000000000")),
                        "203.0.113.7:56324"),
                Arguments.of("v2 LOCAL", v2(0x20, 0x00, new byte[0]), "local"),
                Arguments.of("v2 LOCAL with an address block", v2(0x20, 0x11, hex("cb007107 c0000201 dc04 0019")), "local"),
                Arguments.of("v2 PROXY UNSPEC", v2(0x21, 0x00, new byte[0]), "local"),
                Arguments.of("v2 PROXY UNIX", v2(0x21, 0x31, new byte[216]), "local"),
                Arguments.of("v2 PROXY TCP4 unspecified transport", v2(0x21, 0x10, hex("cb007107 c0000201 dc04 0019")), "local"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void decodesValidHeaders(String name, byte[] input, String expected) {
        for (ProxyHeaderDecoder.Result r : new ProxyHeaderDecoder.Result[] {decode(input), decodeByteByByte(input)}) {
            assertThat(r).isInstanceOf(ProxyHeaderDecoder.Decoded.class);
            ProxyHeaderDecoder.Decoded d = (ProxyHeaderDecoder.Decoded) r;
            String got = d.header().client().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).orElse("local");
            assertThat(got).isEqualTo(expected);
            assertThat(d.remaining()).isEmpty();
        }
    }

    @Test
    void keepsTheBytesAfterTheHeader() {
        byte[] in = ascii("PROXY TCP4 198.51.100.1 192.0.2.1 1000 25\r\nEHLO x\r\n");
        ProxyHeaderDecoder.Decoded d = (ProxyHeaderDecoder.Decoded) decode(in);
        assertThat(new String(d.remaining(), StandardCharsets.US_ASCII)).isEqualTo("EHLO x\r\n");
        assertThat(d.header().version()).isEqualTo(1);
        assertThat(d.header().destination()).isEqualTo(new InetSocketAddress("192.0.2.1", 25));

        byte[] v2 = v2(0x21, 0x11, hex("cb007107 c0000201 dc04 0019"));
        byte[] both = new byte[v2.length + 3];
        System.arraycopy(v2, 0, both, 0, v2.length);
        both[v2.length] = 'a';
        both[v2.length + 1] = '\r';
        both[v2.length + 2] = '\n';
        ProxyHeaderDecoder.Decoded d2 = (ProxyHeaderDecoder.Decoded) decodeByteByByte(both);
        assertThat(d2.header().version()).isEqualTo(2);
        // fed byte by byte, the decoder stops at the end of the header
        assertThat(d2.remaining()).isEmpty();
        ProxyHeaderDecoder.Decoded d3 = (ProxyHeaderDecoder.Decoded) decode(both);
        assertThat(d3.remaining()).containsExactly('a', '\r', '\n');
    }

    @Test
    void needsMoreUntilComplete() {
        ProxyHeaderDecoder d = new ProxyHeaderDecoder();
        assertThat(d.feed(ascii("PROXY TCP4 1.2.3.4"))).isInstanceOf(ProxyHeaderDecoder.NeedMore.class);
        assertThat(d.feed(ascii(" 5.6.7.8 1 2\r"))).isInstanceOf(ProxyHeaderDecoder.NeedMore.class);
        assertThat(d.feed(ascii("\n"))).isInstanceOf(ProxyHeaderDecoder.Decoded.class);
        // a result sticks
        assertThat(d.feed(ascii("more"))).isInstanceOf(ProxyHeaderDecoder.Decoded.class);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("SMTP instead of a header", ascii("EHLO client.example\r\n")),
                Arguments.of("HTTP", ascii("GET / HTTP/1.0\r\n\r\n")),
                Arguments.of("lower-case proxy", ascii("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n")),
                Arguments.of("bare LF", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n")),
                Arguments.of("bare CR", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rxx")),
                Arguments.of("too long", ascii("PROXY TCP4 " + "1".repeat(120))),
                Arguments.of("missing field", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n")),
                Arguments.of("extra field", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n")),
                Arguments.of("double space", ascii("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n")),
                Arguments.of("unknown protocol", ascii("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n")),
                Arguments.of("octet over 255", ascii("PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n")),
                Arguments.of("leading zero octet", ascii("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n")),
                Arguments.of("three octets", ascii("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n")),
                Arguments.of("host name", ascii("PROXY TCP4 localhost 5.6.7.8 1 2\r\n")),
                Arguments.of("IPv6 in TCP4", ascii("PROXY TCP4 ::1 5.6.7.8 1 2\r\n")),
                Arguments.of("IPv4 in TCP6", ascii("PROXY TCP6 1.2.3.4 ::1 1 2\r\n")),
                Arguments.of("bad IPv6", ascii("PROXY TCP6 2001:db8:::1 ::1 1 2\r\n")),
                Arguments.of("IPv6 zone", ascii("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n")),
                Arguments.of("port over 65535", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n")),
                Arguments.of("port with sign", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n")),
                Arguments.of("port leading zero", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n")),
                Arguments.of("8-bit byte", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\u00ff\r\n")),
                Arguments.of("v2 version 1", v2(0x11, 0x11, hex("cb007107 c0000201 dc04 0019"))),
                Arguments.of("v2 command 2", v2(0x22, 0x11, hex("cb007107 c0000201 dc04 0019"))),
                Arguments.of("v2 family 4", v2(0x21, 0x41, hex("cb007107 c0000201 dc04 0019"))),
                Arguments.of("v2 protocol 3", v2(0x21, 0x13, hex("cb007107 c0000201 dc04 0019"))),
                Arguments.of("v2 short TCP4 block", v2(0x21, 0x11, hex("cb007107 c0000201"))),
                Arguments.of("v2 short TCP6 block", v2(0x21, 0x21, new byte[20])),
                Arguments.of("v2 payload over the limit", v2(0x21, 0x11, new byte[3000])),
                Arguments.of("broken v2 signature", hex("0d0a0d0a000d0a515549540b 21 11 000c cb007107c0000201dc040019")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesMalformedHeaders(String name, byte[] input) {
        assertThat(decode(input)).isInstanceOf(ProxyHeaderDecoder.Malformed.class);
        assertThat(decodeByteByByte(input)).isInstanceOf(ProxyHeaderDecoder.Malformed.class);
    }

    @Test
    void refusesEarlyWithoutWaitingForMore() {
        // the first byte that cannot start a header decides
        assertThat(new ProxyHeaderDecoder().feed(ascii("E"))).isInstanceOf(ProxyHeaderDecoder.Malformed.class);
        assertThat(new ProxyHeaderDecoder().feed(ascii("PROXY\n"))).isInstanceOf(ProxyHeaderDecoder.Malformed.class);
        // a v2 header announcing more than the limit is refused before its payload arrives
        byte[] head = v2(0x21, 0x11, new byte[0]);
        head[14] = (byte) 0xff;
        head[15] = (byte) 0xff;
        assertThat(new ProxyHeaderDecoder().feed(head)).isInstanceOf(ProxyHeaderDecoder.Malformed.class);
    }

    @Test
    void malformedReasonsNeverEchoPeerBytes() {
        ProxyHeaderDecoder.Malformed m = (ProxyHeaderDecoder.Malformed) decode(ascii("PROXY TCP4 evil<script> 5.6.7.8 1 2\r\n"));
        assertThat(m.reason()).doesNotContain("evil");
    }
}
