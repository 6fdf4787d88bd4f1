package io.dequeue.smtp.client;

import io.dequeue.smtp.client.ClientState.Peer;
import io.dequeue.smtp.client.tls.PeerNotVerifiedException;
import io.dequeue.smtp.reply.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Sets a session up: the peer's 220, EHLO (HELO when EHLO gets a 5xx), STARTTLS per the
 * {@link TlsMode} with EHLO again inside TLS, then {@link ClientAuth AUTH}. A refusal QUITs; every
 * failure is an {@link SmtpClientException} and leaves the socket closed by the caller.
 */
final class SessionSetup {

    private final Wire wire;
    private final ClientConfig config;
    private final SmtpClientSession.Mode mode;
    private final String peerName;
    private Reply greeting;

    SessionSetup(Wire wire, ClientConfig config, SmtpClientSession.Mode mode, String peerName) {
        this.wire = wire;
        this.config = config;
        this.mode = mode;
        this.peerName = peerName;
    }

    Future<Peer> run() {
        wire.channel().attach();
        return wire.expect("greeting", config.timeouts().greeting())
                .compose(g -> {
                    greeting = g;
                    if (g.code() != 220) {
                        return wire.quitAndFail(LocalReplies.greetingRefused(g));
                    }
                    if (mode == SmtpClientSession.Mode.REVERSED && config.tls().requiresTls() && !wire.isTls()) {
                        return wire.quitAndFail(LocalReplies.TLS_NOT_ACTIVE);
                    }
                    return hello();
                })
                .compose(this::tls)
                .compose(caps -> ClientAuth.run(wire, config, caps.authMechanisms()).map(v -> new Peer(greeting, caps)));
    }

    /** EHLO, or HELO when EHLO gets a 5xx; what the peer announced. */
    private Future<Capabilities> hello() {
        wire.command("EHLO " + config.heloName());
        return wire.expect("EHLO", config.timeouts().command()).compose(r -> {
            if (r.code() == 250) {
                return Future.succeededFuture(Capabilities.parse(r));
            }
            if (!r.isPermanentFailure()) {
                return wire.quitAndFail(LocalReplies.heloRefused(r));
            }
            wire.command("HELO " + config.heloName());
            return wire.expect("HELO", config.timeouts().command()).compose(h -> h.code() != 250
                    ? wire.quitAndFail(LocalReplies.heloRefused(h))
                    : Future.succeededFuture(Capabilities.NONE));
        });
    }

    /** STARTTLS per the mode; the capabilities that hold afterwards. */
    private Future<Capabilities> tls(Capabilities caps) {
        TlsMode tls = config.tls();
        if (mode == SmtpClientSession.Mode.REVERSED || wire.isTls() || tls == TlsMode.OFF) {
            return Future.succeededFuture(caps);
        }
        if (!caps.startTls()) {
            return tls.requiresTls() ? wire.quitAndFail(LocalReplies.TLS_NOT_OFFERED) : Future.succeededFuture(caps);
        }
        wire.command("STARTTLS");
        return wire.expect("STARTTLS", config.timeouts().command()).compose(r -> {
            if (r.code() != 220) {
                return tls.requiresTls() ? wire.quitAndFail(LocalReplies.tlsRefused(r)) : Future.succeededFuture(caps);
            }
            wire.channel().discardBuffered();
            return handshake().compose(v -> hello());
        });
    }

    /**
     * The TLS handshake, within the command timeout. SNI is the peer's host name; under
     * {@link TlsMode#REQUIRED} the transport's trust manager checks the certificate against it.
     */
    private Future<Void> handshake() {
        ReplyChannel channel = wire.channel();
        Promise<Void> p = Promise.promise();
        long timer = wire.vertx().setTimer(Math.max(1, config.timeouts().command().toMillis()), id -> {
            channel.fail(LocalReplies.timeout("the TLS handshake"));
            p.tryFail(channel.failure());
        });
        String sni = sniName(peerName);
        Future<Void> up = sni != null ? wire.socket().upgradeToSsl(sni) : wire.socket().upgradeToSsl();
        up.onComplete(ar -> {
            wire.vertx().cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete();
            } else {
                PeerNotVerifiedException refused = certificateRefusal(ar.cause());
                channel.fail(refused != null ? LocalReplies.peerNotVerified(refused.getMessage())
                        : LocalReplies.TLS_HANDSHAKE_FAILED);
                p.tryFail(channel.failure());
            }
        });
        return p.future();
    }

    /** The SNI name for {@code peerName} (no trailing dot), or null for an address or no name. */
    static String sniName(String peerName) {
        if (peerName == null || peerName.isEmpty() || isIpAddress(peerName)) {
            return null;
        }
        String n = peerName.endsWith(".") ? peerName.substring(0, peerName.length() - 1) : peerName;
        return n.isEmpty() ? null : n;
    }

    private static boolean isIpAddress(String s) {
        return s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Our trust manager's refusal somewhere in a failed handshake's causes, or null. */
    private static PeerNotVerifiedException certificateRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerNotVerifiedException p) {
                return p;
            }
        }
        return null;
    }
}
