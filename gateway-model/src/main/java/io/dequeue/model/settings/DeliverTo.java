package io.dequeue.model.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dequeue.model.DomainName;
import io.dequeue.model.IpLiteral;

import java.util.Objects;

/**
 * Where released ETRN mail goes: the IP of the host that sent ETRN, or a configured host.
 *
 * <p>A configured host is one of: a domain name (resolved through MX, then A/AAAA), a name in
 * square brackets {@code [mx.example.net]} (that exact host: A/AAAA only), or an IP address
 * ({@code 192.0.2.7}, {@code [192.0.2.7]}, {@code 2001:db8::7}, {@code [IPv6:2001:db8::7]}) used as is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliverTo(@JsonProperty("mode") Mode mode, @JsonProperty("host") String host) {

    public enum Mode {
        @JsonProperty("requester-ip") REQUESTER_IP,
        @JsonProperty("host") HOST
    }

    /** How a configured host is to be reached. */
    public enum HostKind { MX_DOMAIN, EXACT_HOST, IP_ADDRESS }

    public static final DeliverTo REQUESTER_IP = new DeliverTo(Mode.REQUESTER_IP, null);

    public DeliverTo {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.REQUESTER_IP) {
            if (host != null) {
                throw new IllegalArgumentException("a host is given but the mode is requester-ip");
            }
        } else {
            String why = whyHostInvalid(host);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
            host = canonicalHost(host);
        }
    }

    public static DeliverTo host(String host) {
        return new DeliverTo(Mode.HOST, host);
    }

    /** Null when the text is a valid configured host, otherwise why not. */
    public static String whyHostInvalid(String host) {
        if (host == null || host.isBlank()) {
            return "the host is empty";
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            if (!h.endsWith("]") || h.length() < 3) {
                return "a [host] literal must end with ']' and not be empty";
            }
            String inner = h.substring(1, h.length() - 1);
            if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
                return IpLiteral.parse(inner.substring(5)) != null && inner.indexOf(':', 5) >= 0
                        ? null : "the [IPv6:...] literal is not an IPv6 address";
            }
            if (IpLiteral.isIp(inner)) {
                return inner.indexOf(':') >= 0 ? "an IPv6 literal in brackets needs the 'IPv6:' tag" : null;
            }
            return DomainName.isValid(inner) ? null : "the [host] literal is neither a host name nor an IP address";
        }
        if (IpLiteral.isIp(h)) {
            return null;
        }
        return DomainName.isValid(h) ? null : "the host is neither a domain name nor an IP address";
    }

    private static String canonicalHost(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            String inner = h.substring(1, h.length() - 1);
            if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
                return "[IPv6:" + inner.substring(5).toLowerCase(java.util.Locale.ROOT) + "]";
            }
            return IpLiteral.isIp(inner) ? "[" + inner + "]" : "[" + DomainName.parse(inner).value() + "]";
        }
        return IpLiteral.isIp(h) ? h.toLowerCase(java.util.Locale.ROOT) : DomainName.parse(h).value();
    }

    /** The kind of configured host; only meaningful in HOST mode. */
    public HostKind hostKind() {
        if (mode != Mode.HOST) {
            throw new IllegalStateException("not a configured host");
        }
        if (host.startsWith("[")) {
            String inner = host.substring(1, host.length() - 1);
            return inner.startsWith("IPv6:") || IpLiteral.isIp(inner) ? HostKind.IP_ADDRESS : HostKind.EXACT_HOST;
        }
        return IpLiteral.isIp(host) ? HostKind.IP_ADDRESS : HostKind.MX_DOMAIN;
    }

    /** The host name or address without brackets or the IPv6 tag. */
    public String bareHost() {
        if (host == null) {
            return null;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.startsWith("IPv6:") ? h.substring(5) : h;
    }
}
