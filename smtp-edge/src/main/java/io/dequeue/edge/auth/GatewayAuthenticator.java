package io.dequeue.edge.auth;

import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.view.GatewayDirectory;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.SessionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks AUTH against the gateways' stored secrets, for the SMTP and the ODMR listener alike. A
 * login is a gateway's domain name; the identity it establishes is that A-label domain name.
 * PBKDF2 checks run off the event loop; an unknown login costs the same as a wrong password.
 * Guessing is limited by {@link AuthThrottle}: each attempt reserves a slot per login and per
 * client address before its verdict, a wrong password's {@code 535} comes after a growing delay
 * (a timer, never a blocked thread), and a locked login or address gets {@code 454 4.7.0}.
 * Nothing secret is logged.
 */
@ApplicationScoped
public class GatewayAuthenticator {
    private static final Logger LOG = Logger.getLogger(GatewayAuthenticator.class);
    /** Verified against when the login is unknown, so timing does not tell which logins exist. */
    private static final StoredSecret DECOY = StoredSecret.fromPassword("decoy-password".toCharArray(), true);
    /** The answer while the login or the client address is locked. */
    static final Reply LOCKED = Reply.of(454, "4.7.0", "Too many failed authentication attempts, try again later");
    /** The throttle's key for every login that is not a domain name (no gateway has it). */
    static final String INVALID_LOGIN = "(not a domain name)";

    private final AuthThrottle throttle;
    private final Function<String, Optional<GatewayRecord>> logins;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final GatewayDirectory directory;

    @Inject
    public GatewayAuthenticator(AuthConfig config, GatewayDirectory directory, Vertx vertx, MeterRegistry registry) {
        this(new AuthThrottle(config.limits(), Clock.systemUTC()), directory::findByLogin, vertx, registry, directory);
    }

    GatewayAuthenticator(AuthThrottle throttle, Function<String, Optional<GatewayRecord>> logins, Vertx vertx,
                         MeterRegistry registry, GatewayDirectory directory) {
        this.throttle = throttle;
        this.logins = logins;
        this.vertx = vertx;
        this.registry = registry;
        this.directory = directory;
    }

    public Future<AuthOutcome> authenticate(SessionInfo session, AuthAttempt attempt) {
        String ip = hostOf(session.remoteAddress());
        String login = loginKey(attempt.username());
        AuthThrottle.Permit permit = throttle.tryAcquire(login, ip);
        if (permit instanceof AuthThrottle.Refused refused) {
            String scope = scopeName(refused.scope());
            registry.counter("dequeue.edge.auth", "result", "locked", "scope", scope).increment();
            LOG.debugf("session %s: AUTH as %s from %s refused: %s locked", session.id(), login, ip, scope);
            clear(attempt);
            return Future.succeededFuture(new AuthOutcome.Failure(LOCKED));
        }
        AuthThrottle.Attempt slot = (AuthThrottle.Attempt) permit;
        Future<Boolean> verdict;
        try {
            verdict = verify(attempt);
        } catch (RuntimeException e) {
            verdict = Future.failedFuture(e);
        }
        return verdict.compose(ok -> {
            if (ok) {
                slot.succeeded();
                registry.counter("dequeue.edge.auth", "result", "success", "mechanism", attempt.mechanism()).increment();
                String identity = DomainName.parse(attempt.username()).value();
                LOG.infof("session %s: authenticated as %s from %s (%s)", session.id(), identity, ip, attempt.mechanism());
                return Future.succeededFuture(AuthOutcome.success(identity));
            }
            AuthThrottle.Verdict v = slot.failed();
            registry.counter("dequeue.edge.auth", "result", "failure", "mechanism", attempt.mechanism()).increment();
            LOG.infof("session %s: AUTH as %s failed from %s (%s)", session.id(), login, ip, attempt.mechanism());
            if (v.lockedLogin()) {
                lockedOut(AuthThrottle.Scope.LOGIN, login);
            }
            if (v.lockedAddress()) {
                lockedOut(AuthThrottle.Scope.ADDRESS, ip);
            }
            return delayed(AuthOutcome.invalidCredentials(), v.delay());
        }, e -> {
            slot.abandoned();
            LOG.warnf("session %s: AUTH check failed: %s", session.id(), e.toString());
            return Future.succeededFuture(AuthOutcome.temporaryFailure());
        });
    }

    private Future<Boolean> verify(AuthAttempt attempt) {
        StoredSecret secret = logins.apply(attempt.username()).map(GatewayRecord::secret).orElse(null);
        if (attempt instanceof AuthAttempt.CramMd5Digest d) {
            return Future.succeededFuture(secret != null && secret.verifyCramMd5(d.challenge(), d.hexDigest()));
        }
        AuthAttempt.Password p = (AuthAttempt.Password) attempt;
        StoredSecret against = secret == null ? DECOY : secret;
        boolean known = secret != null;
        return vertx.executeBlocking(() -> {
            char[] chars = p.credentials().passwordChars();
            try {
                boolean ok = against.verifyPassword(chars);
                return ok && known && authzAllowed(p.credentials().authorizationId(), p.username());
            } finally {
                Arrays.fill(chars, '\0');
                p.credentials().clear();
            }
        }, false);
    }

    /** Logged once per lockout (when it starts), with the login or address but never a password. */
    private void lockedOut(AuthThrottle.Scope scope, String key) {
        String name = scopeName(scope);
        registry.counter("dequeue.auth.lockouts", "scope", name).increment();
        LOG.warnf("AUTH locked for %s %s until %s after repeated failures", name, key, throttle.lockedUntil(scope, key));
    }

    private <T> Future<T> delayed(T value, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return Future.succeededFuture(value);
        }
        Promise<T> promise = Promise.promise();
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> promise.complete(value));
        return promise.future();
    }

    private static void clear(AuthAttempt attempt) {
        if (attempt instanceof AuthAttempt.Password p) {
            p.credentials().clear();
        }
    }

    private static String scopeName(AuthThrottle.Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    /** The throttle's key of a login: its A-label domain name, or one shared key for anything else. */
    static String loginKey(String username) {
        return username != null && DomainName.isValid(username) ? DomainName.parse(username).value() : INVALID_LOGIN;
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
