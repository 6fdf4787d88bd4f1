package io.dequeue.smtp.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainsTest {

    @ParameterizedTest
    @CsvSource({
        "example.net,true", "a,true", "x-y.example,true", "1.2.3.4,true", "xn--bcher-kva.example,true",
        "'',false", "-a.example,false", "a-.example,false", "a..example,false", ".example,false", "example.,false",
        "ex_ample.net,false", "ex ample.net,false", "[1.2.3.4],false", "caf\u00e9.example,false"})
    void domains(String s, boolean valid) {
        assertThat(Domains.isDomain(s)).isEqualTo(valid);
    }

    @Test
    void domainLengthLimits() {
        assertThat(Domains.isDomain("a".repeat(63) + ".example")).isTrue();
        assertThat(Domains.isDomain("a".repeat(64) + ".example")).isFalse();
        String d255 = ("a".repeat(63) + ".").repeat(3) + "a".repeat(63);
        assertThat(d255).hasSize(255);
        assertThat(Domains.isDomain(d255)).isTrue();
        assertThat(Domains.isDomain(d255 + "a")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "[192.0.2.1],true", "[0.0.0.0],true", "[255.255.255.255],true", "[256.1.1.1],false", "[1.2.3],false",
        "[1.2.3.4.5],false", "[1.2.3.a],false", "[1.2.3.0004],false", "1.2.3.4,false", "[],false",
        "[IPv6:2001:db8::1],true", "[ipv6:2001:DB8::1],true", "[IPv6:::],true", "[IPv6:1:2:3:4:5:6:7:8],true",
        "[IPv6:1:2:3:4:5:6:7],false", "[IPv6:1:2:3:4:5:6:7:8:9],false", "[IPv6:1::2::3],false",
        "[IPv6:1:2:3:4:5:6::7],false", "[IPv6:12345::1],false", "[IPv6:g::1],false",
        "[IPv6:::ffff:192.0.2.1],true", "[IPv6:1:2:3:4:5:6:192.0.2.1],true", "[IPv6:1:2:3:4:5:192.0.2.1],false",
        "[IPv6:1:2:3:4::192.0.2.1],true", "[IPv6:1:2:3:4:5::192.0.2.1],false", "[IPv6:::1.2.3.999],false",
        "[IPv6:],false", "[tag:x],false"})
    void addressLiterals(String s, boolean valid) {
        assertThat(Domains.isAddressLiteral(s)).isEqualTo(valid);
    }

    @Test
    void requireLowerCases() {
        assertThat(Domains.requireDomainOrLiteral("Example.NET")).isEqualTo("example.net");
        assertThat(Domains.requireDomainOrLiteral("[IPv6:2001:DB8::1]")).isEqualTo("[ipv6:2001:db8::1]");
        assertThat(Domains.requireDomain("A.B")).isEqualTo("a.b");
        assertThatThrownBy(() -> Domains.requireDomain("[1.2.3.4]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Domains.requireDomainOrLiteral("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
