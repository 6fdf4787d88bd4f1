package io.dequeue.edge.smtp;

import io.dequeue.edge.net.TrustedProxies;
import io.dequeue.model.topic.Topics;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.wire.DataReader;
import io.dequeue.smtp.wire.LineFramer;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything one SMTP listener needs, resolved from configuration ({@link #from}); tests and
 * additional listeners change single values with {@link #toBuilder()}.
 */
public record ListenerSettings(
        String name,
        String host,
        int port,
        String hostname,
        boolean proxyProtocol,
        Duration proxyProtocolTimeout,
        TrustedProxies trustedProxies,
        long maxMessageSize,
        int maxRecipients,
        int maxReceivedHeaders,
        int maxCommandLine,
        int maxConnections,
        int maxConnectionsPerIp,
        Duration idleTimeout,
        Duration sessionTimeout,
        Duration greetingDelay,
        DataReader.BareLineEndingPolicy bareLineEndings,
        int maxErrors,
        int maxAuthFailures,
        int maxJunkCommands,
        boolean starttls,
        boolean allowInsecureAuth,
        Duration storeTimeout,
        int eventLoops,
        long minDataRate,
        Duration dataRateGrace) {

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(bareLineEndings, "bareLineEndings");
        Objects.requireNonNull(dataRateGrace, "dataRateGrace");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        trustedProxies.requireFor(name, proxyProtocol);
        if (maxReceivedHeaders < 1) {
            throw new IllegalArgumentException("max-received-headers must be positive");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxMessageSize < 1 || maxMessageSize > Topics.MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("max-message-size must be 1.." + Topics.MAX_MESSAGE_SIZE_LIMIT);
        }
        if (maxCommandLine < LineFramer.COMMAND_LINE_LIMIT || maxCommandLine > LineFramer.EXTENDED_COMMAND_LINE_LIMIT) {
            throw new IllegalArgumentException("max-command-line must be 512..2048");
        }
        if (maxRecipients < 1 || maxConnections < 1 || maxConnectionsPerIp < 1 || maxErrors < 1 || maxAuthFailures < 1
                || maxJunkCommands < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The settings of the configured listener. */
    public static ListenerSettings from(SmtpConfig c, boolean allowInsecureAuth, TrustedProxies trustedProxies) {
        if (c.maxRecipients() < 100) {
            throw new IllegalArgumentException("dequeue.edge.smtp.max-recipients must be at least 100 (RFC 5321 4.5.3.1.8)");
        }
        return new ListenerSettings("smtp", c.host(), c.port(), EdgeHostname.resolve(c.hostname()), c.proxyProtocol(),
                c.proxyProtocolTimeout(), trustedProxies, c.maxMessageSize(), c.maxRecipients(), c.maxReceivedHeaders(),
                c.maxCommandLine(), c.maxConnections(),
                c.maxConnectionsPerIp(), c.idleTimeout(), c.sessionTimeout(), c.greetingDelay(), c.bareLineEndings(),
                c.maxErrors(), c.maxAuthFailures(), c.maxJunkCommands(), c.starttls(), allowInsecureAuth, c.storeTimeout(), c.eventLoops(),
                c.minDataRate(), c.dataRateGrace());
    }

    /** The session configuration for one connection. */
    public ServerConfig serverConfig(boolean tlsAvailable, boolean etrnOffered) {
        return ServerConfig.smtp()
                .withHostname(hostname)
                .withMaxCommandLine(maxCommandLine)
                .withMaxMessageSize(maxMessageSize)
                .withMaxRecipients(maxRecipients)
                .withBareLineEndings(bareLineEndings)
                .withGreetingDelay(greetingDelay)
                .withIdleTimeout(idleTimeout)
                .withSessionTimeout(sessionTimeout)
                .withTls(starttls && tlsAvailable)
                .withInsecureAuth(allowInsecureAuth)
                .withEtrn(etrnOffered)
                .withDsn(true)
                .withMaxErrors(maxErrors)
                .withMaxAuthFailures(maxAuthFailures)
                .withMaxJunkCommands(maxJunkCommands);
    }

    /** Event loops to run on: one per core unless set; one for port 0 (a random port is not shared). */
    public int instances() {
        if (port == 0) {
            return 1;
        }
        return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes single values of a copy. */
    public static final class Builder {
        private String name;
        private String host;
        private int port;
        private String hostname;
        private boolean proxyProtocol;
        private Duration proxyProtocolTimeout;
        private TrustedProxies trustedProxies;
        private long maxMessageSize;
        private int maxRecipients;
        private int maxReceivedHeaders;
        private int maxCommandLine;
        private int maxConnections;
        private int maxConnectionsPerIp;
        private Duration idleTimeout;
        private Duration sessionTimeout;
        private Duration greetingDelay;
        private DataReader.BareLineEndingPolicy bareLineEndings;
        private int maxErrors;
        private int maxAuthFailures;
        private int maxJunkCommands;
        private boolean starttls;
        private boolean allowInsecureAuth;
        private Duration storeTimeout;
        private int eventLoops;
        private long minDataRate;
        private Duration dataRateGrace;

        private Builder(ListenerSettings s) {
            name = s.name;
            host = s.host;
            port = s.port;
            hostname = s.hostname;
            proxyProtocol = s.proxyProtocol;
            proxyProtocolTimeout = s.proxyProtocolTimeout;
            trustedProxies = s.trustedProxies;
            maxMessageSize = s.maxMessageSize;
            maxRecipients = s.maxRecipients;
            maxReceivedHeaders = s.maxReceivedHeaders;
            maxCommandLine = s.maxCommandLine;
            maxConnections = s.maxConnections;
            maxConnectionsPerIp = s.maxConnectionsPerIp;
            idleTimeout = s.idleTimeout;
            sessionTimeout = s.sessionTimeout;
            greetingDelay = s.greetingDelay;
            bareLineEndings = s.bareLineEndings;
            maxErrors = s.maxErrors;
            maxAuthFailures = s.maxAuthFailures;
            maxJunkCommands = s.maxJunkCommands;
            starttls = s.starttls;
            allowInsecureAuth = s.allowInsecureAuth;
            storeTimeout = s.storeTimeout;
            eventLoops = s.eventLoops;
            minDataRate = s.minDataRate;
            dataRateGrace = s.dataRateGrace;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder proxyProtocol(boolean v) {
            proxyProtocol = v;
            return this;
        }

        public Builder proxyProtocolTimeout(Duration v) {
            proxyProtocolTimeout = v;
            return this;
        }

        public Builder trustedProxies(TrustedProxies v) {
            trustedProxies = v;
            return this;
        }

        public Builder maxReceivedHeaders(int v) {
            maxReceivedHeaders = v;
            return this;
        }

        public Builder maxMessageSize(long v) {
            maxMessageSize = v;
            return this;
        }

        public Builder maxRecipients(int v) {
            maxRecipients = v;
            return this;
        }

        public Builder maxConnections(int total, int perIp) {
            maxConnections = total;
            maxConnectionsPerIp = perIp;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder sessionTimeout(Duration v) {
            sessionTimeout = v;
            return this;
        }

        public Builder greetingDelay(Duration v) {
            greetingDelay = v;
            return this;
        }

        public Builder bareLineEndings(DataReader.BareLineEndingPolicy v) {
            bareLineEndings = v;
            return this;
        }

        public Builder maxErrors(int v) {
            maxErrors = v;
            return this;
        }

        public Builder maxJunkCommands(int v) {
            maxJunkCommands = v;
            return this;
        }

        public Builder starttls(boolean v) {
            starttls = v;
            return this;
        }

        public Builder allowInsecureAuth(boolean v) {
            allowInsecureAuth = v;
            return this;
        }

        public Builder storeTimeout(Duration v) {
            storeTimeout = v;
            return this;
        }

        public Builder eventLoops(int v) {
            eventLoops = v;
            return this;
        }

        public Builder minDataRate(long bytesPerSecond, Duration grace) {
            minDataRate = bytesPerSecond;
            dataRateGrace = grace;
            return this;
        }

        public ListenerSettings build() {
            return new ListenerSettings(name, host, port, hostname, proxyProtocol, proxyProtocolTimeout, trustedProxies,
                    maxMessageSize, maxRecipients, maxReceivedHeaders, maxCommandLine, maxConnections, maxConnectionsPerIp, idleTimeout, sessionTimeout,
                    greetingDelay, bareLineEndings, maxErrors, maxAuthFailures, maxJunkCommands, starttls, allowInsecureAuth, storeTimeout,
                    eventLoops, minDataRate, dataRateGrace);
        }
    }
}
