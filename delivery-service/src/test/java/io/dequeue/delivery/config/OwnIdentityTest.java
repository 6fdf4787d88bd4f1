package io.dequeue.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The gateway's own names and addresses: configured plus derived from the machine. */
class OwnIdentityTest {

    @Test
    void configuredNamesAreNormalisedAndKeptInOrder() {
        OwnIdentity own = OwnIdentity.of(List.of("MX.Example.NET.", " gw.example.net ", "mx.example.net", "localhost"),
                List.of("192.0.2.1", " 2001:db8::1 "), false);
        assertThat(own.names()).containsExactly("mx.example.net", "gw.example.net");
        assertThat(own.addresses()).containsExactly("192.0.2.1", "2001:db8::1");
    }

    @Test
    void theMachinesNameAndInterfaceAddressesAreAddedButNotLoopback() throws Exception {
        OwnIdentity own = OwnIdentity.of(List.of("mx.example.net"), List.of("192.0.2.1"), true);
        assertThat(own.names()).startsWith("mx.example.net");
        String host = OwnIdentity.hostName();
        if (host != null && !host.isBlank() && !host.strip().equalsIgnoreCase("localhost")) {
            assertThat(own.names()).contains(host.strip().toLowerCase(Locale.ROOT));
        }
        assertThat(own.addresses()).startsWith("192.0.2.1").containsAll(OwnIdentity.interfaceAddresses());
        for (String a : own.addresses()) {
            assertThat(InetAddress.getByName(a).isLoopbackAddress()).as(a).isFalse();
        }
    }
}
