package io.dequeue.edge.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental decoder of the PROXY protocol header (HAProxy's spec, versions 1 and 2) that a load
 * balancer sends before the client's first byte. Feed it what arrives until it answers
 * {@link Decoded} (with the bytes that followed the header) or {@link Malformed}; it buffers at
 * most {@link #V1_MAX_LENGTH} bytes for v1 and {@code 16 + maxV2Payload} for v2, so a peer that
 * never finishes costs bounded memory. Plain Java, no I/O; one instance per connection.
 *
 * <p>Strict: a v1 line must be exactly {@code PROXY TCP4|TCP6 src dst sport dport} or
 * {@code PROXY UNKNOWN ...} ending in CR LF, with canonical decimal ports and literal addresses of
 * the named family; a v2 header must have version 2, command LOCAL or PROXY and a payload at least
 * as long as its address block. TLVs are skipped.
 */
public final class ProxyHeaderDecoder {

    /** The longest v1 header, CR LF included (the spec's 107 bytes). */
    public static final int V1_MAX_LENGTH = 107;
    /** Default limit on the v2 payload (addresses + TLVs); the spec allows 65535, load balancers send far less. */
    public static final int DEFAULT_MAX_V2_PAYLOAD = 2048;

    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    /** What a feed gave. */
    public sealed interface Result permits NeedMore, Decoded, Malformed {
    }

    /** Not complete yet: feed more. */
    public record NeedMore() implements Result {
    }

    /** A complete header, and the bytes after it (the client's, to hand to the session). */
    public record Decoded(ProxyHeader header, byte[] remaining) implements Result {
    }

    /** Not a valid header: close the connection. The reason is for logs and never contains peer bytes. */
    public record Malformed(String reason) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private final int maxV2Payload;
    private byte[] buf = new byte[64];
    private int len;
    private Result done;

    public ProxyHeaderDecoder() {
        this(DEFAULT_MAX_V2_PAYLOAD);
    }

    public ProxyHeaderDecoder(int maxV2Payload) {
        if (maxV2Payload < 216 || maxV2Payload > 65535) {
            throw new IllegalArgumentException("maxV2Payload must be 216..65535");
        }
        this.maxV2Payload = maxV2Payload;
    }

    /** Consumes bytes; once a result other than NeedMore was returned, it is returned again. */
    public Result feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    public Result feed(byte[] data, int off, int n) {
        if (done != null) {
            return done;
        }
        append(data, off, n);
        Result r = decode();
        if (!(r instanceof NeedMore)) {
            done = r;
            buf = null;
        }
        return r;
    }

    private void append(byte[] data, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
        System.arraycopy(data, off, buf, len, n);
        len += n;
    }

    private Result decode() {
        // Decide the version from the first bytes without waiting for more than needed.
        int check = Math.min(len, V2_SIGNATURE.length);
        boolean maybeV2 = true;
        for (int i = 0; i < check; i++) {
            if (buf[i] != V2_SIGNATURE[i]) {
                maybeV2 = false;
                break;
            }
        }
        if (maybeV2) {
            return len < V2_SIGNATURE.length ? NEED_MORE : decodeV2();
        }
        int checkV1 = Math.min(len, V1_PREFIX.length);
        for (int i = 0; i < checkV1; i++) {
            if (buf[i] != V1_PREFIX[i]) {
                return new Malformed("not a PROXY protocol header");
            }
        }
        return decodeV1();
    }

    // ---- v1 ------------------------------------------------------------------------------

    private Result decodeV1() {
        int end = -1;
        for (int i = 0; i + 1 < len && i + 1 < V1_MAX_LENGTH; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            for (int i = 0; i < Math.min(len, V1_MAX_LENGTH); i++) {
                if (buf[i] == '\n' || (buf[i] == '\r' && i + 1 < len)) {
                    return new Malformed("v1 header line does not end with CR LF");
                }
            }
            return len >= V1_MAX_LENGTH ? new Malformed("v1 header longer than 107 bytes") : NEED_MORE;
        }
        for (int i = 0; i < end; i++) {
            if (buf[i] < 0x20 || buf[i] > 0x7e) {
                return new Malformed("v1 header has a byte that is not printable ASCII");
            }
        }
        String line = new String(buf, 0, end, StandardCharsets.US_ASCII);
        byte[] rest = Arrays.copyOfRange(buf, end + 2, len);
        String[] f = line.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return new Decoded(ProxyHeader.local(1), rest);
        }
        if (f.length != 6) {
            return new Malformed("v1 header needs 6 fields");
        }
        boolean v4 = f[1].equals("TCP4");
        if (!v4 && !f[1].equals("TCP6")) {
            return new Malformed("v1 header has an unknown protocol");
        }
        InetAddress src = literal(f[2], v4);
        InetAddress dst = literal(f[3], v4);
        int sport = port(f[4]);
        int dport = port(f[5]);
        if (src == null || dst == null) {
            return new Malformed("v1 header has a bad address");
        }
        if (sport < 0 || dport < 0) {
            return new Malformed("v1 header has a bad port");
        }
        return new Decoded(new ProxyHeader(1, true, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport)), rest);
    }

    /** An IPv4 dotted quad or an IPv6 literal, never resolved through DNS. */
    static InetAddress literal(String s, boolean v4) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (v4) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = decimal(parts[i], 255);
                if (v < 0) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return byAddress(b);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        char first = s.charAt(0);
        if (!s.contains(":") || first == '.') {
            // must start with a hex digit or a colon, or InetAddress would try DNS
            return null;
        }
        try {
            // Only hex digits, colons and dots, with a colon: InetAddress parses it as an IPv6
            // literal or throws; it never looks it up in DNS.
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int port(String s) {
        return decimal(s, 65535);
    }

    /** A canonical decimal number (no sign, no leading zero) up to max, or -1. */
    private static int decimal(String s, int max) {
        if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    private static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // ---- v2 ------------------------------------------------------------------------------

    private Result decodeV2() {
        if (len < 16) {
            return NEED_MORE;
        }
        int verCmd = buf[12] & 0xff;
        if ((verCmd >> 4) != 2) {
            return new Malformed("v2 header with version " + (verCmd >> 4));
        }
        int command = verCmd & 0x0f;
        if (command > 1) {
            return new Malformed("v2 header with an unknown command");
        }
        int famProto = buf[13] & 0xff;
        int payload = ((buf[14] & 0xff) << 8) | (buf[15] & 0xff);
        if (payload > maxV2Payload) {
            return new Malformed("v2 header payload of " + payload + " bytes is over the limit");
        }
        if (len < 16 + payload) {
            return NEED_MORE;
        }
        byte[] rest = Arrays.copyOfRange(buf, 16 + payload, len);
        int family = famProto >> 4;
        int transport = famProto & 0x0f;
        if (family > 3 || transport > 2) {
            return new Malformed("v2 header with an unknown address family or protocol");
        }
        if (command == 0) {
            return new Decoded(ProxyHeader.local(2), rest);
        }
        int need = switch (family) {
            case 1 -> 12;
            case 2 -> 36;
            case 3 -> 216;
            default -> 0;
        };
        if (payload < need) {
            return new Malformed("v2 header payload shorter than its address block");
        }
        if (family == 1 || family == 2) {
            if (transport != 1 && transport != 2) {
                // PROXY with an internet family but unspecified transport: keep the socket's peer
                return new Decoded(ProxyHeader.local(2), rest);
            }
            int alen = family == 1 ? 4 : 16;
            InetAddress src = byAddress(Arrays.copyOfRange(buf, 16, 16 + alen));
            InetAddress dst = byAddress(Arrays.copyOfRange(buf, 16 + alen, 16 + 2 * alen));
            int p = 16 + 2 * alen;
            int sport = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
            int dport = ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
            if (src == null || dst == null) {
                return new Malformed("v2 header has a bad address");
            }
            return new Decoded(new ProxyHeader(2, true, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport)), rest);
        }
        // AF_UNSPEC or AF_UNIX: no internet address to use.
        return new Decoded(ProxyHeader.local(2), rest);
    }
}
