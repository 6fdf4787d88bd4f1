package io.dequeue.edge.smtp;

import io.vertx.core.net.SocketAddress;

/** The textual IP of a peer, never resolved through DNS. */
public final class ClientIp {
    private ClientIp() {
    }

    public static String of(SocketAddress a) {
        if (a == null) {
            return "unknown";
        }
        String ip = a.hostAddress();
        if (ip == null || ip.isEmpty()) {
            ip = a.host();
        }
        if (ip == null || ip.isEmpty()) {
            return "unknown";
        }
        int pct = ip.indexOf('%');
        return pct > 0 ? ip.substring(0, pct) : ip;
    }
}
