package io.dequeue.edge.auth;

import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.SessionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks AUTH against the gateways' stored secrets, for the SMTP and the ODMR listener alike. A
 * login is a gateway's domain name; the identity it establishes is that A-label domain name.
 * PBKDF2 checks run off the event loop; an unknown login costs the same as a wrong password; the
 * failures of each client IP are throttled. Nothing secret is logged.
 */
@ApplicationScoped
public class GatewayAuthenticator {
    private static final Logger LOG = Logger.getLogger(GatewayAuthenticator.class);
    /** Verified against when the login is unknown, so timing does not tell which logins exist. */
    private static final StoredSecret DECOY = StoredSecret.fromPassword("decoy-password".toCharArray(), true);

    @Inject
    GatewayDirectory directory;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private final AuthThrottle throttle;

    @Inject
    public GatewayAuthenticator(
            @ConfigProperty(name = "dequeue.edge.auth.max-failures-per-ip", defaultValue = "10") int maxFailures,
            @ConfigProperty(name = "dequeue.edge.auth.failure-window", defaultValue = "PT5M") Duration window) {
        this.throttle = new AuthThrottle(maxFailures, window, 100_000, Clock.systemUTC());
    }

    public Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        String ip = hostOf(session.remoteAddress());
        if (!throttle.allows(ip)) {
            registry.counter("dequeue.edge.auth", "result", "throttled").increment();
            LOG.infof("session %s: AUTH from %s throttled after repeated failures", session.id(), ip);
            return Future.succeededFuture(AuthOutcome.temporaryFailure());
        }
        Optional<GatewayRecord> gateway = directory.findByLogin(attempt.username());
        StoredSecret secret = gateway.map(GatewayRecord::secret).orElse(null);
        Future<Boolean> verdict;
        if (attempt instanceof AuthAttempt.CramMd5Digest d) {
            verdict = Future.succeededFuture(secret != null && secret.verifyCramMd5(d.challenge(), d.hexDigest()));
        } else {
            AuthAttempt.Password p = (AuthAttempt.Password) attempt;
            StoredSecret against = secret == null ? DECOY : secret;
            boolean known = secret != null;
            verdict = vertx.executeBlocking(() -> {
                char[] chars = p.credentials().passwordChars();
                try {
                    boolean ok = against.verifyPassword(chars);
                    return ok && known && authzAllowed(p.credentials().authorizationId(), p.username());
                } finally {
                    java.util.Arrays.fill(chars, '\0');
                    p.credentials().clear();
                }
            }, false);
        }
        return verdict.map(ok -> {
            if (ok) {
                throttle.succeeded(ip);
                registry.counter("dequeue.edge.auth", "result", "success", "mechanism", attempt.mechanism()).increment();
                String identity = DomainName.parse(attempt.username()).value();
                LOG.infof("session %s: authenticated as %s from %s (%s)", session.id(), identity, ip, attempt.mechanism());
                return AuthOutcome.success(identity);
            }
            throttle.failed(ip);
            registry.counter("dequeue.edge.auth", "result", "failure", "mechanism", attempt.mechanism()).increment();
            LOG.infof("session %s: AUTH failed from %s (%s)", session.id(), ip, attempt.mechanism());
            return AuthOutcome.invalidCredentials();
        }).otherwise(e -> {
            LOG.warnf("session %s: AUTH check failed: %s", session.id(), e.toString());
            return AuthOutcome.temporaryFailure();
        });
    }

    /** PLAIN's authorization id, when given, must be the login itself (no proxy authorisation). */
    private static boolean authzAllowed(String authzId, String username) {
        return authzId == null || authzId.isEmpty() || authzId.equalsIgnoreCase(username);
    }

    /** Whether the authenticated {@code identity} may dequeue (ETRN or ATRN) {@code domain}. */
    public boolean mayDequeue(String identity, DomainName domain) {
        if (identity == null || !DomainName.isValid(identity)) {
            return false;
        }
        DomainName login = DomainName.parse(identity);
        return directory.find(domain).map(g -> g.settings().mayBeDequeuedBy(login)).orElse(false);
    }

    static String hostOf(SocketAddress a) {
        return a == null ? "unknown" : a.hostAddress() != null ? a.hostAddress() : a.host();
    }
}
