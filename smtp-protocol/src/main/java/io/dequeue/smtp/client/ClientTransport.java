package io.dequeue.smtp.client;

import io.dequeue.smtp.client.tls.PeerTrust;
import io.dequeue.smtp.client.tls.VerifyingTrustManagerFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * The TCP clients outbound sessions connect with; TLS starts later, with STARTTLS. Which one a
 * session uses follows its {@link TlsMode}, so the policy cannot be paired with the wrong trust:
 * <ul>
 * <li>{@link TlsMode#REQUIRED}: the peer's chain must lead to a {@link PeerTrust trusted} authority
 * and its certificate must be valid for the host name connected for (or the IP address of an IP
 * literal target), checked during the handshake;</li>
 * <li>the other modes: TLS without verification (RFC 7435 opportunistic security; {@link
 * TlsMode#ENCRYPTED} for private relays with self-made certificates).</li>
 * </ul>
 */
public final class ClientTransport {

    private final NetClient unverified;
    private final NetClient verifying;

    private ClientTransport(NetClient unverified, NetClient verifying) {
        this.unverified = unverified;
        this.verifying = verifying;
    }

    /** Both clients, with this connect timeout; {@code trust} for {@link TlsMode#REQUIRED}. */
    public static ClientTransport create(Vertx vertx, Duration connectTimeout, PeerTrust trust) {
        Objects.requireNonNull(trust, "trust");
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        NetClient unverified = vertx.createNetClient(new NetClientOptions().setSsl(false).setConnectTimeout(timeout)
                .setTrustAll(true).setHostnameVerificationAlgorithm(""));
        // host name checked by VerifyingTrustManager, against the name the session asked for
        NetClient verifying = vertx.createNetClient(new NetClientOptions().setSsl(false).setConnectTimeout(timeout)
                .setTrustAll(false).setTrustOptions(TrustOptions.wrap(new VerifyingTrustManagerFactory(trust)))
                .setHostnameVerificationAlgorithm(""));
        return new ClientTransport(unverified, verifying);
    }

    NetClient clientFor(TlsMode mode) {
        return mode == TlsMode.REQUIRED ? verifying : unverified;
    }

    public Future<Void> close() {
        return Future.join(unverified.close(), verifying.close()).mapEmpty();
    }
}
