package io.dequeue.delivery.dns;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address to try, in order.
 *
 * @param host       the host name it belongs to (for reports and TLS SNI), or the address itself
 * @param address    where to connect
 * @param port       TCP port
 * @param preference MX preference (0 when not from MX)
 */
public record Destination(String host, InetAddress address, int port, int preference) {

    public Destination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
    }

    public String ip() {
        return address.getHostAddress();
    }
}
