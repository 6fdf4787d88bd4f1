package io.dequeue.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Strict IP address literal parsing that never touches DNS. */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IPv4 or IPv6 literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
                if (!ok) {
                    return null;
                }
            }
            try {
                // With only hex digits, colons and dots, InetAddress parses a literal and never resolves.
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] r = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            r[i] = (byte) v;
        }
        return r;
    }

    public static boolean isIp(String text) {
        return parse(text) != null;
    }
}
