package io.dequeue.edge.odmr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The ODMR listeners and the reversed session (prefix {@code dequeue.edge.odmr}). How long ATRN
 * waits for queue-service is {@code dequeue.edge.atrn-reply-wait}.
 */
@ConfigMapping(prefix = "dequeue.edge.odmr")
public interface OdmrConfig {
    /** Whether the ODMR listeners run at all. */
    @WithDefault("true")
    boolean enabled();

    /** Address the listeners bind to. */
    @WithDefault("0.0.0.0")
    String host();

    /** Plaintext ODMR port with STARTTLS (366 in production); 0 picks a free port (tests). */
    @WithDefault("3366")
    int port();

    /** Implicit-TLS ODMR port; opened only when TLS material is configured; 0 picks a free port. */
    @WithDefault("3367")
    int tlsPort();

    /**
     * Expect a PROXY protocol header (v1 or v2) on the plaintext port, from
     * {@code dequeue.edge.proxy.trusted-cidrs} only (required).
     */
    @WithDefault("false")
    boolean proxyProtocol();

    /**
     * Expect a PROXY protocol header on the implicit-TLS port, before TLS, from
     * {@code dequeue.edge.proxy.trusted-cidrs} only (required).
     */
    @WithDefault("false")
    boolean tlsProxyProtocol();

    /** How long a PROXY protocol header may take to arrive. */
    @WithDefault("10s")
    Duration proxyHeaderTimeout();

    /** Most open ODMR connections (both ports together, reversed sessions included). */
    @WithDefault("1000")
    int maxConnections();

    /** Most open ODMR connections of one client IP. */
    @WithDefault("20")
    int maxConnectionsPerClient();

    /** Name in the greeting, EHLO and CRAM-MD5 challenges; defaults to the SMTP listener's. */
    Optional<String> hostname();

    /** Offer PLAIN and LOGIN without TLS (local use and tests only). */
    @WithDefault("false")
    boolean allowInsecureAuth();

    /** No command for this long before ATRN: {@code 421} and close. */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Cap on the part of a session before the turn. */
    @WithDefault("30m")
    Duration sessionTimeout();

    /** The reversed session: the edge as the SMTP client on the customer's socket. */
    Client client();

    /** Settings of the reversed session (RFC 5321 section 4.5.3.2 client timeouts). */
    interface Client {
        /** Waiting for the customer's 220 after the turn. */
        @WithDefault("5m")
        Duration greetingTimeout();

        /** EHLO/HELO, RSET, QUIT and other short commands. */
        @WithDefault("5m")
        Duration commandTimeout();

        /** MAIL FROM. */
        @WithDefault("5m")
        Duration mailTimeout();

        /** Each RCPT TO. */
        @WithDefault("5m")
        Duration rcptTimeout();

        /** DATA until 354. */
        @WithDefault("2m")
        Duration dataInitTimeout();

        /** Each block of message data written. */
        @WithDefault("3m")
        Duration dataBlockTimeout();

        /** After the final dot, until the reply. */
        @WithDefault("10m")
        Duration dataEndTimeout();

        /**
         * Pipeline commands whenever the customer offers PIPELINING (off: fetchmail over TLS stalls
         * on it). Off, they are still pipelined toward a client that also offers
         * {@code X-ODMR-PIPELINING} (Dequeue's own, dequeue-fetch).
         */
        @WithDefault("false")
        boolean pipelining();

        /**
         * How long to wait for the next released message from queue-service before giving up the
         * session (what did not come stays held).
         */
        @WithDefault("2m")
        Duration messageWait();

        /** The name sent in EHLO/HELO; defaults to the listener's hostname. */
        Optional<String> heloName();
    }
}
