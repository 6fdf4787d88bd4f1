package io.dequeue.edge.smtp;

import io.dequeue.smtp.wire.DataReader;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The SMTP listener (prefix {@code dequeue.edge.smtp}). */
@ConfigMapping(prefix = "dequeue.edge.smtp")
public interface SmtpConfig {
    /** Whether the SMTP listener runs. */
    @WithDefault("true")
    boolean enabled();

    /** Address to bind. */
    @WithDefault("0.0.0.0")
    String host();

    /** Port (25 in production; env {@code DEQUEUE_SMTP_PORT}); 0 picks a free one. */
    @WithDefault("2525")
    int port();

    /** Name in the greeting, EHLO reply, Received: lines and CRAM-MD5 challenges; default: this host's canonical name. */
    Optional<String> hostname();

    /**
     * Expect a PROXY protocol header (v1 or v2) before the SMTP dialogue (behind a load balancer);
     * needs {@code dequeue.edge.proxy.trusted-cidrs}.
     */
    @WithDefault("false")
    boolean proxyProtocol();

    /** How long the PROXY protocol header may take to arrive. */
    @WithDefault("5s")
    Duration proxyProtocolTimeout();

    /** The global message size limit in octets (advertised in SIZE); a gateway may set a smaller one. */
    @WithDefault("26214400")
    long maxMessageSize();

    /** Recipients per message (RFC 5321: at least 100); past it {@code 452 4.5.3}. */
    @WithDefault("100")
    int maxRecipients();

    /**
     * Most {@code Received:} header fields a message may arrive with; more is a mail loop and is
     * refused at the end of DATA with {@code 554 5.4.6}.
     */
    @WithDefault("50")
    int maxReceivedHeaders();

    /** Command line limit with CR LF: 512 by RFC 5321, up to 2048 for DSN parameters. */
    @WithDefault("2048")
    int maxCommandLine();

    /** Open connections of the listener; past it {@code 421 4.7.0}. */
    @WithDefault("1000")
    int maxConnections();

    /** Open connections of one client IP; past it {@code 421 4.7.0}. */
    @WithDefault("20")
    int maxConnectionsPerIp();

    /** No input for this long: {@code 421 4.4.2}. */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Total session cap: {@code 421 4.4.2}. */
    @WithDefault("30m")
    Duration sessionTimeout();

    /** Wait before the greeting; a client that talks meanwhile is dropped. */
    @WithDefault("0s")
    Duration greetingDelay();

    /**
     * Minimum average rate of a message body in bytes per second, after {@link #dataRateGrace()};
     * slower clients get {@code 421 4.4.2}. 0 turns it off.
     */
    @WithDefault("500")
    long minDataRate();

    /** How long a body may take before the minimum data rate applies. */
    @WithDefault("30s")
    Duration dataRateGrace();

    /** Bodies with a bare CR or LF: {@code reject} ({@code 550 5.5.2}) or {@code normalize} to CR LF. */
    @WithDefault("reject")
    DataReader.BareLineEndingPolicy bareLineEndings();

    /** Syntax and sequence errors before {@code 421 4.7.0}. */
    @WithDefault("20")
    int maxErrors();

    /**
     * NOOP, HELP, RSET, VRFY and refused RCPT / ETRN / AUTH in one session before {@code 421 4.7.0}
     * (an accepted message starts the count anew).
     */
    @WithDefault("100")
    int maxJunkCommands();

    /** Failed AUTH attempts in one session before {@code 421 4.7.0}. */
    @WithDefault("3")
    int maxAuthFailures();

    /** Offer STARTTLS when a certificate is configured. */
    @WithDefault("true")
    boolean starttls();

    /** How long the end of DATA waits for Kafka's acknowledgements before {@code 451 4.3.0}. */
    @WithDefault("60s")
    Duration storeTimeout();

    /**
     * Most message bytes held in memory by all sessions together; a message that would pass it
     * gets {@code 452 4.3.1} (at DATA) or {@code 451 4.3.0}. Default: half the maximum heap.
     */
    Optional<Long> maxBufferedBytes();

    /** Event loops the listener runs on; 0 = one per CPU core. */
    @WithDefault("0")
    int eventLoops();
}
