package io.dequeue.edge.smtp;

import io.dequeue.edge.dequeue.EtrnHandler;
import io.dequeue.edge.net.ConnectionLimiter;
import io.dequeue.edge.net.CountingTransport;
import io.dequeue.edge.net.EdgeTls;
import io.dequeue.edge.net.ProxyProtocolReader;
import io.dequeue.edge.net.ReplayingTransport;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.server.NetSocketTransport;
import io.dequeue.smtp.server.SmtpServerSession;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event loop's share of an SMTP listener: Vert.x spreads the connections of a port over the
 * instances. Each connection: overall cap, PROXY header (when on, from a trusted load balancer
 * only: any other peer gets {@code 421 4.7.0}), per-client cap, then one
 * {@link SmtpServerSession} with the edge's policy.
 */
final class ListenerVerticle extends AbstractVerticle {
    private static final Logger LOG = Logger.getLogger(ListenerVerticle.class);

    private final ListenerSettings settings;
    private final SmtpServices services;
    private final EdgeTls tls;
    private final ConnectionLimiter limiter;
    private final AtomicInteger boundPort;
    private NetServer server;
    /** The session configuration, by whether ETRN is offered (the only part that changes per connection). */
    private final io.dequeue.smtp.server.ServerConfig[] configs = new io.dequeue.smtp.server.ServerConfig[2];

    ListenerVerticle(ListenerSettings settings, SmtpServices services, EdgeTls tls, ConnectionLimiter limiter, AtomicInteger boundPort) {
        this.settings = settings;
        this.services = services;
        this.tls = tls;
        this.limiter = limiter;
        this.boundPort = boundPort;
    }

    @Override
    public void start(Promise<Void> started) {
        NetServerOptions options = new NetServerOptions().setHost(settings.host()).setPort(settings.port())
                .setTcpNoDelay(true).setReuseAddress(true).setAcceptBacklog(1024);
        if (settings.starttls() && tls.available()) {
            tls.forStartTls(options);
        }
        server = vertx.createNetServer(options).connectHandler(this::accept);
        server.listen().onSuccess(s -> {
            boundPort.compareAndSet(0, s.actualPort());
            started.complete();
        }).onFailure(started::fail);
    }

    @Override
    public void stop(Promise<Void> stopped) {
        server.close().onComplete(ar -> stopped.complete());
    }

    private void accept(NetSocket socket) {
        ConnectionLimiter.Admission a = limiter.admit();
        if (!(a instanceof ConnectionLimiter.Admitted admitted)) {
            refuse(socket, "refused-total");
            return;
        }
        ConnectionLimiter.Permit permit = admitted.permit();
        if (!settings.proxyProtocol()) {
            begin(socket, permit, socket.remoteAddress(), null, null);
            return;
        }
        if (!settings.trustedProxies().trusts(socket.remoteAddress())) {
            // Before a byte of the header is read: only a trusted load balancer may name the client.
            permit.release();
            services.metrics().connection("proxy-untrusted");
            LOG.infof("connection from %s refused: not a trusted PROXY protocol source", ClientIp.of(socket.remoteAddress()));
            socket.pause();
            socket.write(Replies.PROXY_NOT_TRUSTED.toBuffer()).onComplete(v -> socket.close());
            return;
        }
        ProxyProtocolReader.read(vertx, socket, settings.proxyProtocolTimeout()).onComplete(ar -> {
            if (ar.succeeded()) {
                ProxyProtocolReader.Accepted acc = ar.result();
                begin(socket, permit, acc.client(), acc.leftover(), ClientIp.of(socket.remoteAddress()));
            } else {
                permit.release();
                services.metrics().connection("proxy-error");
                LOG.debugf("connection from %s dropped: %s", ClientIp.of(socket.remoteAddress()), ar.cause().getMessage());
            }
        });
    }

    private void begin(NetSocket socket, ConnectionLimiter.Permit permit, SocketAddress client, Buffer leftover, String via) {
        String ip = ClientIp.of(client);
        if (permit.identify(ip) instanceof ConnectionLimiter.Refused) {
            permit.release();
            refuse(socket, "refused-per-client");
            if (via != null) {
                socket.resume();
            }
            return;
        }
        services.metrics().connection("accepted");
        boolean tlsAvailable = settings.starttls() && tls.available();
        EtrnHandler etrn = services.etrn().get();
        CountingTransport transport = new CountingTransport(ReplayingTransport.of(
                new NetSocketTransport(vertx, socket, tlsAvailable, via == null ? null : client), leftover));
        DataRateGuard dataRate = new DataRateGuard(transport, settings.minDataRate(), settings.dataRateGrace(), () -> {
            services.metrics().replied("DATA", DataRateGuard.TOO_SLOW);
            LOG.infof("connection from %s dropped: minimum data rate not met", ip);
            transport.write(DataRateGuard.TOO_SLOW.toBuffer()).onComplete(v -> transport.close());
        });
        EdgeSmtpPolicy policy = new EdgeSmtpPolicy(services, settings, etrn, permit::release, via, dataRate);
        try {
            new SmtpServerSession(transport, serverConfig(tlsAvailable, etrn != null && etrn.offered()), policy).start();
        } catch (RuntimeException e) {
            permit.release();
            LOG.warnf("session start failed for %s: %s", ip, e.toString());
            socket.close();
            return;
        }
        if (via != null) {
            socket.resume();
        }
    }

    private io.dequeue.smtp.server.ServerConfig serverConfig(boolean tlsAvailable, boolean etrnOffered) {
        int i = etrnOffered ? 1 : 0;
        if (configs[i] == null) {
            configs[i] = settings.serverConfig(tlsAvailable, etrnOffered);
        }
        return configs[i];
    }

    private void refuse(NetSocket socket, String why) {
        services.metrics().connection(why);
        socket.write(Replies.TOO_MANY_CONNECTIONS.toBuffer()).onComplete(v -> socket.close());
    }
}
