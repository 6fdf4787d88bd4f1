package io.dequeue.edge.odmr;

import io.dequeue.edge.auth.GatewayAuthenticator;
import io.dequeue.edge.dequeue.DequeueAudit;
import io.dequeue.edge.net.ConnectionLimiter;
import io.dequeue.edge.net.EdgeTls;
import io.dequeue.edge.net.ProxyConfig;
import io.dequeue.edge.net.TrustedProxies;
import io.dequeue.edge.net.ProxyProtocolReader;
import io.dequeue.edge.net.ReplayingTransport;
import io.dequeue.edge.smtp.ClientIp;
import io.dequeue.edge.smtp.EdgeHostname;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.server.NetSocketTransport;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SessionTransport;
import io.dequeue.smtp.server.SmtpServerSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The ODMR ports (RFC 2645): plaintext with STARTTLS, and implicit TLS when TLS material is
 * configured; each optionally behind the PROXY protocol, both under one connection limiter.
 */
@ApplicationScoped
public class OdmrListener {
    private static final Logger LOG = Logger.getLogger(OdmrListener.class);

    @Inject
    Vertx vertx;

    @Inject
    OdmrConfig config;

    @Inject
    GatewayAuthenticator authenticator;

    @Inject
    GatewayDirectory directory;

    @Inject
    AtrnRequester requester;

    @Inject
    DequeueAudit audit;

    @Inject
    ReversedSessions reversals;

    @Inject
    MeterRegistry registry;

    @Inject
    EdgeTls tls;

    @Inject
    ProxyConfig proxy;

    @ConfigProperty(name = "dequeue.edge.smtp.hostname")
    Optional<String> smtpHostname;

    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private ConnectionLimiter limiter;
    private volatile int port = -1;
    private volatile int tlsPort = -1;

    /**
     * One listening port: how its connections arrive and what their sessions offer.
     *
     * @param implicitTls  TLS from the first byte (after the PROXY header when there is one)
     * @param tlsAvailable STARTTLS offered
     */
    private record Port(String name, boolean proxyProtocol, TrustedProxies trusted, boolean implicitTls, boolean tlsAvailable,
                        ServerConfig sessions) {
    }

    void start(@Observes StartupEvent ev) {
        limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerClient());
        registry.gauge("dequeue.edge.odmr.connections", limiter, ConnectionLimiter::active);
        if (!config.enabled()) {
            LOG.info("ODMR listeners disabled");
            return;
        }
        port = open("odmr", config.port(), config.proxyProtocol(), false);
        if (tls.available()) {
            tlsPort = open("odmr-tls", config.tlsPort(), config.tlsProxyProtocol(), true);
        } else {
            LOG.info("odmr-tls not opened: no TLS certificate configured");
        }
    }

    /**
     * Opens an ODMR port (the configured ones, or more: tests, an extra port behind another load
     * balancer); it closes with the application.
     *
     * @param implicitTls TLS from the first byte (needs a certificate); otherwise plaintext with
     *                    STARTTLS when a certificate is there
     * @return the port bound
     */
    public int open(String name, int wanted, boolean proxyProtocol, boolean implicitTls) {
        return open(name, wanted, proxyProtocol, implicitTls, proxy.trusted());
    }

    /**
     * The same with these trusted load balancers (tests).
     *
     * @throws IllegalStateException when the PROXY protocol is on and nobody is trusted to send it
     */
    public int open(String name, int wanted, boolean proxyProtocol, boolean implicitTls, TrustedProxies trusted) {
        trusted.requireFor(name, proxyProtocol);
        String hostname = EdgeHostname.resolve(config.hostname().or(() -> smtpHostname));
        if (implicitTls && proxyProtocol) {
            // The PROXY header comes before the TLS handshake: Vert.x decodes it (bounded, timed),
            // then TLS starts; the connection reaches accept() after the handshake, where the
            // real peer is checked against the trusted load balancers.
            NetServerOptions options = tls.forImplicitTls(new NetServerOptions())
                    .setUseProxyProtocol(true)
                    .setProxyProtocolTimeout(config.proxyHeaderTimeout().toMillis())
                    .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
            return listen(options, wanted, new Port(name, true, trusted, true, false, sessionConfig(hostname, false)));
        }
        if (implicitTls) {
            // Already in TLS from the first byte: STARTTLS is not offered there (503 if tried).
            return listen(tls.forImplicitTls(new NetServerOptions()), wanted,
                    new Port(name, false, trusted, true, false, sessionConfig(hostname, false)));
        }
        return listen(tls.forStartTls(new NetServerOptions()), wanted,
                new Port(name, proxyProtocol, trusted, false, tls.available(), sessionConfig(hostname, tls.available())));
    }

    void stop(@Observes ShutdownEvent ev) {
        for (NetServer s : servers) {
            s.close();
        }
        servers.clear();
    }

    /** The plaintext port actually bound, or -1. */
    public int port() {
        return port;
    }

    /** The implicit-TLS port actually bound, or -1 when it is not open. */
    public int tlsPort() {
        return tlsPort;
    }

    ServerConfig sessionConfig(String hostname, boolean startTls) {
        return ServerConfig.odmr()
                .withHostname(hostname)
                .withTls(startTls)
                .withIdleTimeout(config.idleTimeout())
                .withSessionTimeout(config.sessionTimeout())
                .withInsecureAuth(config.allowInsecureAuth());
    }

    private int listen(NetServerOptions options, int wanted, Port p) {
        NetServer server = vertx.createNetServer(options.setHost(config.host()).setPort(wanted))
                .connectHandler(socket -> accept(socket, p));
        int bound = await(server.listen()).actualPort();
        servers.add(server);
        LOG.infof("%s listening on %s:%d%s%s", p.name(), config.host(), bound, p.implicitTls() ? " (TLS)" : "",
                p.proxyProtocol() ? " (PROXY protocol from " + p.trusted() + ")" : "");
        return bound;
    }

    private void accept(NetSocket socket, Port p) {
        if (!(limiter.admit() instanceof ConnectionLimiter.Admitted admitted)) {
            refuse(socket, p, "total");
            return;
        }
        ConnectionLimiter.Permit permit = admitted.permit();
        if (!p.proxyProtocol()) {
            start(socket, p, permit, socket.remoteAddress(), null);
            return;
        }
        if (p.implicitTls()) {
            // Vert.x has read the header and completed the handshake; only the real peer counts.
            if (refuseUntrusted(socket, p, permit, socket.remoteAddress(true))) {
                return;
            }
            start(socket, p, permit, socket.remoteAddress(), null);
            return;
        }
        if (refuseUntrusted(socket, p, permit, socket.remoteAddress())) {
            // Before a byte of the header is read.
            return;
        }
        ProxyProtocolReader.read(vertx, socket, config.proxyHeaderTimeout()).onComplete(ar -> {
            if (ar.failed()) {
                permit.release();
                LOG.debugf("%s: no valid PROXY header from %s: %s", p.name(), socket.remoteAddress(), ar.cause().getMessage());
                return;
            }
            ProxyProtocolReader.Accepted acc = ar.result();
            start(socket, p, permit, acc.client(), acc.leftover());
            socket.resume();
        });
    }

    /**
     * Only a trusted load balancer may name the client: any other peer gets a 421 and is closed;
     * what its header claimed is not used at all.
     *
     * @param peer the TCP peer (never an address from a PROXY header)
     * @return whether the connection was refused
     */
    private boolean refuseUntrusted(NetSocket socket, Port p, ConnectionLimiter.Permit permit, SocketAddress peer) {
        if (p.trusted().trusts(peer)) {
            return false;
        }
        permit.release();
        registry.counter("dequeue.edge.odmr.refused", "limit", "proxy-untrusted").increment();
        LOG.infof("%s: connection from %s refused: not a trusted PROXY protocol source", p.name(), ClientIp.of(peer));
        socket.pause();
        socket.write(Replies.PROXY_NOT_TRUSTED.toBuffer()).onComplete(v -> socket.close());
        return true;
    }

    /** @param early bytes that came with the PROXY header (the session drops such an early talker) */
    private void start(NetSocket socket, Port p, ConnectionLimiter.Permit permit, SocketAddress client, Buffer early) {
        if (permit.identify(ClientIp.of(client)) instanceof ConnectionLimiter.Refused) {
            permit.release();
            refuse(socket, p, "per-client");
            return;
        }
        SessionTransport transport = ReplayingTransport.of(new NetSocketTransport(vertx, socket, p.tlsAvailable(),
                p.proxyProtocol() ? client : null), early);
        OdmrSessionPolicy policy = new OdmrSessionPolicy(authenticator, directory, requester, audit, reversals::start,
                permit::release);
        new SmtpServerSession(transport, p.sessions(), policy).start();
    }

    private void refuse(NetSocket socket, Port p, String limit) {
        registry.counter("dequeue.edge.odmr.refused", "limit", limit).increment();
        socket.write(Replies.TOO_MANY_CONNECTIONS.toBuffer()).onComplete(v -> socket.close());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ODMR listener did not start: " + e, e);
        }
    }
}
