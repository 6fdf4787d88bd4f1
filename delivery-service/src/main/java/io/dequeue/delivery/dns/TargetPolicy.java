package io.dequeue.delivery.dns;

import io.dequeue.delivery.DeliveryReplies;
import io.dequeue.model.IpLiteral;
import io.dequeue.smtp.reply.Reply;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the gateway never delivers, and where only with the operator's consent.
 *
 * <ul>
 * <li>This gateway itself (its own names and addresses): never, whatever the settings say; that is
 * a mail loop.</li>
 * <li>{@link Scope#LOCAL} addresses (loopback, link-local, unspecified, multicast, broadcast): no
 * mail server of anybody else lives there (and 169.254.169.254 is a cloud's metadata service).
 * Refused for every kind of target unless {@code allowPrivate}.</li>
 * <li>{@link Scope#PRIVATE} addresses (RFC 1918, shared address space 100.64/10, ULA fc00::/7):
 * refused for targets derived from outside data (MX records, a DSN's recipient domain, which may
 * be an address literal) unless {@code allowPrivate}; accepted for targets an operator chose (a
 * gateway's "deliver to" IP or {@code [host]}, an admin release's target) and for the requester's
 * own address (a client in the same LAN, or behind NAT): both are legitimate there, and neither
 * lets a stranger pick an internal address.</li>
 * </ul>
 */
public final class TargetPolicy {

    /** What kind of network an address belongs to. */
    public enum Scope { PUBLIC, PRIVATE, LOCAL }

    private final Set<String> ownNames;
    private final Set<InetAddress> ownAddresses;
    private final boolean allowPrivate;

    /**
     * @param ownNames     host names of this gateway (case-insensitive, trailing dot ignored)
     * @param ownAddresses IP addresses of this gateway
     * @param allowPrivate deliver to local and private addresses too (tests, single-host setups);
     *                     own names and addresses stay refused
     */
    public TargetPolicy(Collection<String> ownNames, Collection<String> ownAddresses, boolean allowPrivate) {
        Set<String> names = new HashSet<>();
        for (String n : ownNames) {
            names.add(MxRecord.canonical(n));
        }
        this.ownNames = Set.copyOf(names);
        Set<InetAddress> addrs = new HashSet<>();
        for (String a : ownAddresses) {
            InetAddress ip = address(a);
            if (ip == null) {
                throw new IllegalArgumentException("own address is not an IP address: " + a);
            }
            addrs.add(ip);
        }
        this.ownAddresses = Set.copyOf(addrs);
        this.allowPrivate = allowPrivate;
    }

    public boolean isOwnName(String host) {
        return ownNames.contains(MxRecord.canonical(host));
    }

    public boolean isOwnAddress(InetAddress a) {
        return ownAddresses.contains(a);
    }

    /**
     * Whether a message may go to this address (own addresses are the caller's business: they
     * decide between "skip this MX host" and "loop").
     *
     * @param chosen the address is the requester's own or one an operator configured, not derived from DNS
     */
    public boolean permits(InetAddress a, boolean chosen) {
        Scope s = scope(a);
        return s == Scope.PUBLIC || allowPrivate || (chosen && s == Scope.PRIVATE);
    }

    /** The permanent failure for a target none of whose addresses may be used. */
    public static Reply refused(String name, InetAddress example) {
        String what = scope(example) == Scope.LOCAL ? "a local address" : "a private network address";
        return DeliveryReplies.refusedTarget(name, what);
    }

    /** The network an address belongs to. */
    public static Scope scope(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return Scope.LOCAL;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            if (b0 == 0 || (b0 == 255 && b1 == 255 && (b[2] & 0xFF) == 255 && (b[3] & 0xFF) == 255)) {
                return Scope.LOCAL; // "this network" 0/8 and the limited broadcast address
            }
            if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127)) {
                return Scope.PRIVATE;
            }
            return Scope.PUBLIC;
        }
        InetAddress embedded = embeddedIpv4(b);
        if (embedded != null) {
            return scope(embedded); // ::a.b.c.d and NAT64 64:ff9b::a.b.c.d reach that IPv4 address
        }
        if ((b[0] & 0xFE) == 0xFC) {
            return Scope.PRIVATE; // ULA fc00::/7
        }
        if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0) {
            return Scope.LOCAL; // deprecated site-local fec0::/10
        }
        return Scope.PUBLIC;
    }

    private static InetAddress embeddedIpv4(byte[] b) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!compatible && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IP literal ({@code [x]}, {@code IPv6:} allowed) as an address, or null; never DNS. */
    static InetAddress address(String text) {
        byte[] raw = IpLiteral.parse(bare(text));
        if (raw == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code [x]} and {@code IPv6:} removed. */
    static String bare(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.regionMatches(true, 0, "IPv6:", 0, 5)) {
            h = h.substring(5);
        }
        return h;
    }
}
