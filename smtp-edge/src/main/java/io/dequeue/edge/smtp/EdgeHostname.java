package io.dequeue.edge.smtp;

import java.net.InetAddress;
import java.util.Optional;

/** The name the edge gives itself on the wire. */
public final class EdgeHostname {
    private EdgeHostname() {
    }

    /** The configured name, else this host's canonical name, else {@code localhost}. */
    public static String resolve(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().strip();
        }
        try {
            String n = InetAddress.getLocalHost().getCanonicalHostName();
            return n == null || n.isBlank() ? "localhost" : n;
        } catch (Exception e) {
            return "localhost";
        }
    }
}
