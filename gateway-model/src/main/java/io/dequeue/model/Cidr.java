package io.dequeue.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); a bare
 * address means a single host.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    @JsonCreator
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = IpLiteral.parse(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + InvalidDomainNameException.printable(s) + "' is not an IP address or CIDR");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length in '" + InvalidDomainNameException.printable(s) + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix length " + prefix + " is more than " + max);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    private static byte[] mask(byte[] a, int prefix) {
        byte[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            r[i] = (byte) (r[i] & (0xff << (8 - bits)));
        }
        return r;
    }

    /** Whether the address lies in this network (an IPv4-mapped IPv6 address counts as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(a, prefix), network);
    }

    public boolean contains(String address) {
        byte[] b = IpLiteral.parse(address);
        if (b == null) {
            return false;
        }
        try {
            return contains(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @JsonValue
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
