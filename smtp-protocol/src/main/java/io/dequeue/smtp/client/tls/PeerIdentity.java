package io.dequeue.smtp.client.tls;

import io.dequeue.smtp.address.Domains;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a server certificate is valid for the name the connection was made for (RFC 6125):
 *
 * <ul>
 * <li>a host name matches a DNS subject alternative name, case-insensitively, a trailing dot
 * ignored; {@code *.example.net} matches exactly one left-most label ({@code mx.example.net}, not
 * {@code example.net} nor {@code a.mx.example.net}); only when the certificate has no DNS name at
 * all, the subject's common name is compared instead (as the JDK and Postfix do);</li>
 * <li>an IP address (IPv4 or IPv6 literal) matches an IP address subject alternative name only.</li>
 * </ul>
 */
public final class PeerIdentity {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private PeerIdentity() {
    }

    /** True when {@code cert} is valid for {@code name} (a host name or an IP literal). */
    public static boolean matches(X509Certificate cert, String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        InetAddress ip = ipLiteral(name);
        if (ip != null) {
            for (String san : sans(cert, SAN_IP)) {
                InetAddress other = ipLiteral(san);
                if (ip.equals(other)) {
                    return true;
                }
            }
            return false;
        }
        String host = normalize(name);
        if (host.isEmpty()) {
            return false;
        }
        List<String> dnsNames = sans(cert, SAN_DNS);
        if (dnsNames.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && hostMatches(host, normalize(cn));
        }
        for (String san : dnsNames) {
            if (hostMatches(host, normalize(san))) {
                return true;
            }
        }
        return false;
    }

    /** {@code pattern} is a name or {@code *.} and at least two labels. */
    static boolean hostMatches(String host, String pattern) {
        if (!pattern.startsWith("*.")) {
            return !pattern.isEmpty() && pattern.indexOf('*') < 0 && host.equals(pattern);
        }
        String rest = pattern.substring(2);
        if (rest.indexOf('.') <= 0 || rest.indexOf('*') >= 0) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot + 1).equals(rest);
    }

    /** An IPv4 or IPv6 literal (IPv6 optionally bracketed or as {@code IPv6:...}), or null; never resolves. */
    static InetAddress ipLiteral(String s) {
        String t = s;
        if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
            t = t.substring(1, t.length() - 1);
        }
        if (t.regionMatches(true, 0, "IPv6:", 0, 5)) {
            t = t.substring(5);
        }
        if (!Domains.isIpv4(t) && !Domains.isIpv6(t)) {
            return null;
        }
        try {
            // only digits, hex, dots and colons: a literal, parsed without any lookup
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static List<String> sans(X509Certificate cert, int type) {
        Collection<List<?>> all;
        try {
            all = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (all == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<?> san : all) {
            if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String v) {
                out.add(v);
            }
        }
        return out;
    }

    private static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            // the most specific common name: LdapName lists the right-most (least specific) first
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String v) {
                    return v;
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
