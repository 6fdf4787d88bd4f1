package io.dequeue.delivery.dns;

import java.net.InetAddress;

/**
 * The DNS questions delivery asks. Implementations block for at most their configured timeout and
 * never throw: every problem is a {@link DnsAnswer}.
 */
public interface Resolver {

    /** The MX records of a domain (CNAMEs followed). */
    DnsAnswer<MxRecord> mx(String domain);

    /** The A and AAAA addresses of a host, IPv4 first. */
    DnsAnswer<InetAddress> addresses(String host);
}
