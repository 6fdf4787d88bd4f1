package io.dequeue.smtp.address;

import java.util.Locale;

/**
 * Strict validation of RFC 5321 domains (LDH labels) and address literals ({@code [1.2.3.4]},
 * {@code [IPv6:...]}). Nothing here resolves names.
 */
public final class Domains {

    /** RFC 5321 4.5.3.1.2. */
    public static final int MAX_DOMAIN_LENGTH = 255;
    public static final int MAX_LABEL_LENGTH = 63;

    private Domains() {
    }

    /** True for {@code sub-domain *("." sub-domain)}: LDH labels of 1 to 63, total at most 255. */
    public static boolean isDomain(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (!isLabel(s, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    private static boolean isLabel(String s, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_LABEL_LENGTH) {
            return false;
        }
        if (!isLetDig(s.charAt(from)) || !isLetDig(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isLetDig(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** True for {@code [IPv4]} or {@code [IPv6:...]} (the general literal form is not accepted). */
    public static boolean isAddressLiteral(String s) {
        if (s == null || s.length() < 3 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return false;
        }
        String inner = s.substring(1, s.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return isIpv6(inner.substring(5));
        }
        return isIpv4(inner);
    }

    /** Dotted quad of decimal numbers 0..255, one to three digits each. */
    public static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * IPv6 as RFC 5321 4.1.3 writes it: eight groups, or at most six around one "::"; with a
     * trailing IPv4 part six groups, or at most four around one "::".
     */
    public static boolean isIpv6(String s) {
        if (s.isEmpty()) {
            return false;
        }
        boolean v4 = false;
        String hexPart = s;
        int lastColon = s.lastIndexOf(':');
        if (lastColon >= 0 && s.indexOf('.', lastColon) >= 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            v4 = true;
            hexPart = s.substring(0, lastColon + 1);
            // keep a "::" that ends right before the IPv4 part; drop a single separating colon
            if (!hexPart.endsWith("::")) {
                hexPart = hexPart.substring(0, hexPart.length() - 1);
            }
        }
        int dc = hexPart.indexOf("::");
        if (dc >= 0 && hexPart.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        if (dc < 0) {
            int groups = countGroups(hexPart);
            return groups == (v4 ? 6 : 8);
        }
        String left = hexPart.substring(0, dc);
        String right = hexPart.substring(dc + 2);
        int l = left.isEmpty() ? 0 : countGroups(left);
        int r = right.isEmpty() ? 0 : countGroups(right);
        if (l < 0 || r < 0) {
            return false;
        }
        return l + r <= (v4 ? 4 : 6);
    }

    /** Number of {@code 1*4HEXDIG} groups separated by single colons, or -1. */
    private static int countGroups(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        String[] groups = s.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return -1;
            }
            for (int i = 0; i < g.length(); i++) {
                if (Character.digit(g.charAt(i), 16) < 0) {
                    return -1;
                }
            }
        }
        return groups.length;
    }

    /**
     * Validates a domain or address literal and returns it lower-cased (ASCII only).
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static String requireDomainOrLiteral(String s) {
        if (isDomain(s) || isAddressLiteral(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("not a domain or address literal");
    }

    /**
     * Validates a domain name (no literal) and returns it lower-cased.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static String requireDomain(String s) {
        if (isDomain(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("not a domain");
    }
}
