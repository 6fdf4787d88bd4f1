package io.dequeue.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of delivery-service, {@code dequeue.delivery.*}. */
@ConfigMapping(prefix = "dequeue.delivery")
public interface DeliveryConfig {

    /** This instance's name in {@code ce_source} ({@code /dequeue/delivery-service/<instance>}). */
    @WithDefault("${HOSTNAME:delivery-0}")
    String instance();

    /** The name sent in EHLO/HELO; defaults to the first own name, else {@code localhost}. */
    Optional<String> heloName();

    /**
     * Host names of this gateway: MX hosts with these names (and less preferred ones) are skipped,
     * a {@code [host]} target with one of them is a loop. {@code DEQUEUE_OWN_NAMES} adds to them.
     */
    Optional<List<String>> ownNames();

    /**
     * Addresses of this gateway: MX hosts resolving to one of them (and less preferred ones) are
     * skipped, any other target on one of them is a loop. {@code DEQUEUE_OWN_ADDRESSES} adds to them.
     */
    Optional<List<String>> ownAddresses();

    /**
     * Add the machine's host name and the addresses of its network interfaces (loopback left out)
     * to the own names and addresses.
     */
    @WithDefault("true")
    boolean deriveOwn();

    /**
     * Deliver to loopback, link-local, private (RFC 1918, ULA) and other non-public addresses
     * wherever a target leads there (tests, a gateway and its receivers on one host or LAN). Off:
     * targets derived from DNS or from a message (MX hosts, a DSN's address literal) must be public,
     * a configured host or the requester may be on a private network but not local. The gateway's
     * own names and addresses are refused either way.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    Dns dns();

    Smtp smtp();

    Tls tls();

    Pool pool();

    Consumer consumer();

    /** Reading the bodies releases name from {@code mail.accepted} ({@code dequeue.delivery.bodies.*}). */
    Bodies bodies();

    interface Dns {
        /** {@code host:port} of the DNS server (e.g. {@code 127.0.0.1:5353}); the system's when absent. */
        Optional<String> server();

        /** Time for one DNS query. */
        @WithDefault("5S")
        Duration timeout();

        /** At most this many MX hosts are looked up and tried per connection. */
        @WithDefault("10")
        int maxMxHosts();
    }

    interface Smtp {
        @WithDefault("30S")
        Duration connectTimeout();

        /** 220 greeting (RFC 5321: 5 min). */
        @WithDefault("5M")
        Duration greetingTimeout();

        /** EHLO, STARTTLS, RSET, QUIT replies. */
        @WithDefault("5M")
        Duration commandTimeout();

        @WithDefault("5M")
        Duration mailTimeout();

        @WithDefault("5M")
        Duration rcptTimeout();

        /** 354 to DATA (2 min). */
        @WithDefault("2M")
        Duration dataStartTimeout();

        /** Each block of message data (3 min). */
        @WithDefault("3M")
        Duration dataBlockTimeout();

        /** Reply after the final dot (10 min). */
        @WithDefault("10M")
        Duration dataEndTimeout();

        /** Pipeline MAIL/RCPT/DATA when the peer offers PIPELINING. */
        @WithDefault("true")
        boolean pipelining();
    }

    interface Tls {
        /**
         * A PEM file of CA certificates trusted for {@code outboundTls: required}, besides the JVM's
         * default trust store (e.g. the private CA of customers' relays). A file that cannot be read
         * stops the service at start-up.
         */
        Optional<String> trustFile();
    }

    interface Pool {
        /** Connections at most per target (kind, host, port, TLS policy). */
        @WithDefault("2")
        int maxPerTarget();

        /** Connections at most in total. */
        @WithDefault("50")
        int maxTotal();

        /** An idle connection is closed (QUIT) after this long. */
        @WithDefault("5S")
        Duration idleTimeout();

        /** A connection is closed after this many messages. */
        @WithDefault("1000")
        int maxMessagesPerConnection();

        /** Connections tried for one message that was lost before it started (e.g. a stale idle connection). */
        @WithDefault("3")
        int maxSendAttempts();
    }

    interface Consumer {
        /** Start consuming mail.released at start-up. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("delivery-service")
        String groupId();

        /** Consumption pauses while this many released messages are being delivered. */
        @WithDefault("1000")
        int maxInFlightMessages();

        /** Consumption pauses while the messages being delivered hold this many bytes. */
        @WithDefault("134217728")
        long maxInFlightBytes();

        @WithDefault("100")
        int maxPollRecords();

        /** How long shutdown waits for the deliveries in flight to report. */
        @WithDefault("10S")
        Duration shutdownGrace();
    }

    interface Bodies {
        /**
         * The fetch size of the reader of {@code mail.accepted}: what one read may bring into memory
         * (a larger record still comes, alone). Releases come in offset order, so one fetch serves
         * the next few messages.
         */
        @WithDefault("262144")
        int fetchBytes();

        /**
         * How long one read may wait for the broker; then the release waits (its partition paused)
         * and the read is tried again, until it succeeds or the release's lease ends.
         */
        @WithDefault("10S")
        Duration timeout();
    }
}
