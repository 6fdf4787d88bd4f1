package io.dequeue.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Where delivery-service sends a released message; the {@code dq_target} header.
 *
 * @param kind how {@code host} is reached
 * @param host an IP address (REQUESTER_IP, IP_ADDRESS), a host name (EXACT_HOST: A/AAAA only)
 *             or a domain (MX: MX then A/AAAA)
 * @param port the TCP port
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseTarget(Kind kind, String host, int port) {
    public enum Kind {
        @JsonProperty("requester-ip") REQUESTER_IP,
        @JsonProperty("ip") IP_ADDRESS,
        @JsonProperty("host") EXACT_HOST,
        @JsonProperty("mx") MX
    }

    public ReleaseTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Connections are grouped by this: one target, one connection pool. */
    public String poolKey() {
        return kind + ":" + host + ":" + port;
    }
}
