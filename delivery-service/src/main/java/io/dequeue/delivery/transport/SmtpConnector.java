package io.dequeue.delivery.transport;

import io.dequeue.delivery.dns.Destination;
import io.dequeue.delivery.dns.Resolution;
import io.dequeue.delivery.dns.TargetResolver;
import io.dequeue.delivery.transport.pool.Connector;
import io.dequeue.delivery.transport.pool.PoolKey;
import io.dequeue.delivery.transport.pool.PooledConnection;
import io.dequeue.smtp.client.ClientConfig;
import io.dequeue.smtp.client.ClientTransport;
import io.dequeue.smtp.client.LocalReplies;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.SmtpClientException;
import io.dequeue.smtp.client.SmtpClientSession;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Opens a ready SMTP session to a target: resolves it (on a blocking executor), then tries its
 * addresses in order until one greets, says EHLO and meets the TLS policy. When none does, the
 * last failure explains why (transient); a DNS answer that rules delivery out (NXDOMAIN, null MX,
 * loop) is permanent.
 */
public final class SmtpConnector implements Connector {

    private static final Logger LOG = Logger.getLogger(SmtpConnector.class);

    /** Told about each connection attempt. */
    public interface Listener {
        void connected(Destination destination);

        void connectFailed(Destination destination, SmtpClientException why);
    }

    private final Vertx vertx;
    private final ClientTransport transport;
    private final TargetResolver resolver;
    private final Executor dnsExecutor;
    private final ClientConfig clientConfig;
    private final Listener listener;

    /**
     * @param transport    the TCP clients, with the trust for verified TLS
     * @param clientConfig the session settings; the TLS mode comes from each {@link PoolKey}
     */
    public SmtpConnector(Vertx vertx, ClientTransport transport, TargetResolver resolver, Executor dnsExecutor,
                         ClientConfig clientConfig, Listener listener) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.dnsExecutor = Objects.requireNonNull(dnsExecutor, "dnsExecutor");
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public CompletionStage<PooledConnection> open(PoolKey key) {
        return CompletableFuture.supplyAsync(() -> resolver.resolve(key.target()), dnsExecutor)
                .thenCompose(resolution -> {
                    if (resolution instanceof Resolution.Failure f) {
                        return CompletableFuture.failedFuture(new SmtpClientException(f.reply()));
                    }
                    List<Destination> destinations = ((Resolution.Destinations) resolution).destinations();
                    return tryFrom(destinations, 0, clientConfig.withTls(key.tls()), null);
                });
    }

    private CompletionStage<PooledConnection> tryFrom(List<Destination> destinations, int index, ClientConfig config,
                                                      SmtpClientException last) {
        if (index >= destinations.size()) {
            return CompletableFuture.failedFuture(last != null ? last
                    : new SmtpClientException(LocalReplies.connectFailed("target")));
        }
        Destination d = destinations.get(index);
        return SmtpClientSession.connect(vertx, transport, d.ip(), d.port(), d.host(), config)
                .toCompletionStage()
                .handle((session, error) -> {
                    if (error == null) {
                        listener.connected(d);
                        return CompletableFuture.<PooledConnection>completedFuture(new SessionConnection(session));
                    }
                    SmtpClientException why = error instanceof SmtpClientException s ? s
                            : new SmtpClientException(LocalReplies.localError(String.valueOf(error)));
                    LOG.debugf("%s [%s]:%d: %s", d.host(), d.ip(), d.port(), why.reply());
                    listener.connectFailed(d, why);
                    return tryFrom(destinations, index + 1, config, why);
                })
                .thenCompose(f -> f);
    }

    /** A client session as a pooled connection. */
    private static final class SessionConnection implements PooledConnection {
        private final SmtpClientSession session;

        SessionConnection(SmtpClientSession session) {
            this.session = session;
        }

        @Override
        public CompletionStage<MessageResult> send(OutboundMessage message) {
            return session.send(message).toCompletionStage();
        }

        @Override
        public boolean isUsable() {
            return session.isUsable();
        }

        @Override
        public String remoteHost() {
            return session.peerName();
        }

        @Override
        public void quit() {
            session.quit();
        }
    }
}
