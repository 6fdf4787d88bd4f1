package io.dequeue.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The default name for EHLO and the reversed session's greeting: this host's name if it is a domain. */
final class LocalName {

    private LocalName() {
    }

    static String get() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            if (io.dequeue.smtp.address.Domains.isDomain(name)) {
                return name;
            }
        } catch (UnknownHostException | SecurityException e) {
            // fall through
        }
        return "localhost";
    }
}
