package io.dequeue.model.settings;

import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverToTest {

    @Test
    void requesterIp() {
        DeliverTo d = DeliverTo.REQUESTER_IP;
        assertThat(d.mode()).isEqualTo(DeliverTo.Mode.REQUESTER_IP);
        assertThat(d.host()).isNull();
        assertThat(d.bareHost()).isNull();
        assertThatThrownBy(d::hostKind).isInstanceOf(IllegalStateException.class);
        assertThat(Json.writeString(d)).isEqualTo("{\"mode\":\"requester-ip\"}");
        assertThat(Json.read("{\"mode\":\"requester-ip\"}", DeliverTo.class)).isEqualTo(d);
        assertThat(new DeliverTo(DeliverTo.Mode.REQUESTER_IP, null)).isEqualTo(d);
    }

    @Test
    void requesterIpTakesNoHost() {
        assertThatThrownBy(() -> new DeliverTo(DeliverTo.Mode.REQUESTER_IP, "192.0.2.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requester-ip");
        assertThatThrownBy(() -> new DeliverTo(null, "192.0.2.1")).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            example.net              | example.net              | MX_DOMAIN  | example.net
            Mail.Example.NET.        | mail.example.net         | MX_DOMAIN  | mail.example.net
            bücher.example           | xn--bcher-kva.example    | MX_DOMAIN  | xn--bcher-kva.example
            ' example.net '          | example.net              | MX_DOMAIN  | example.net
            [mail.example.net]       | [mail.example.net]       | EXACT_HOST | mail.example.net
            [MAIL.example.net.]      | [mail.example.net]       | EXACT_HOST | mail.example.net
            [bücher.example]         | [xn--bcher-kva.example]  | EXACT_HOST | xn--bcher-kva.example
            192.0.2.7                | 192.0.2.7                | IP_ADDRESS | 192.0.2.7
            [192.0.2.7]              | [192.0.2.7]              | IP_ADDRESS | 192.0.2.7
            2001:db8::7              | 2001:db8::7              | IP_ADDRESS | 2001:db8::7
            2001:DB8::7              | 2001:db8::7              | IP_ADDRESS | 2001:db8::7
            [IPv6:2001:db8::7]       | [IPv6:2001:db8::7]       | IP_ADDRESS | 2001:db8::7
            [ipv6:2001:DB8::7]       | [IPv6:2001:db8::7]       | IP_ADDRESS | 2001:db8::7
            [IPv6:::1]               | [IPv6:::1]               | IP_ADDRESS | ::1
            """)
    void configuredHost(String input, String canonical, DeliverTo.HostKind kind, String bare) {
        DeliverTo d = DeliverTo.host(input);
        assertThat(d.mode()).isEqualTo(DeliverTo.Mode.HOST);
        assertThat(d.host()).isEqualTo(canonical);
        assertThat(d.hostKind()).isEqualTo(kind);
        assertThat(d.bareHost()).isEqualTo(bare);
        assertThat(DeliverTo.whyHostInvalid(input)).isNull();
        assertThat(DeliverTo.host(canonical)).as("canonical is a fixed point").isEqualTo(d);
        String json = Json.writeString(d);
        assertThat(json).isEqualTo("{\"mode\":\"host\",\"host\":\"" + canonical + "\"}");
        assertThat(Json.read(json, DeliverTo.class)).isEqualTo(d);
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', nullValues = "<null>", textBlock = """
            <null>                   | the host is empty
            ''                       | the host is empty
            '   '                    | the host is empty
            [                        | must end with ']'
            []                       | must end with ']'
            [mail.example.net        | must end with ']'
            [2001:db8::7]            | needs the 'IPv6:' tag
            [IPv6:192.0.2.7]         | not an IPv6 address
            [IPv6:example.net]       | not an IPv6 address
            [IPv6:2001:db8:::7]      | not an IPv6 address
            [IPv6:]                  | not an IPv6 address
            [999.0.2.7]              | neither a host name nor an IP address
            [-bad.example]           | neither a host name nor an IP address
            [mail_1.example.net]     | neither a host name nor an IP address
            mail.example.net]        | neither a domain name nor an IP address
            1.2.3                    | neither a domain name nor an IP address
            256.1.1.1                | neither a domain name nor an IP address
            01.2.3.4                 | neither a domain name nor an IP address
            mail.example.net:25      | neither a domain name nor an IP address
            exa mple.net             | neither a domain name nor an IP address
            _smtp.example.net        | neither a domain name nor an IP address
            2001:db8:::7             | neither a domain name nor an IP address
            """)
    void malformedHostIsRejected(String host, String why) {
        assertThat(DeliverTo.whyHostInvalid(host)).contains(why);
        assertThatThrownBy(() -> DeliverTo.host(host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void jsonWithoutHostInHostModeIsRejected() {
        assertThatThrownBy(() -> Json.read("{\"mode\":\"host\"}", DeliverTo.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining("the host is empty");
    }
}
