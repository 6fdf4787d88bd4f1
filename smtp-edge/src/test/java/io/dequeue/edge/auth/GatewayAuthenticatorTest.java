package io.dequeue.edge.auth;

import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.sasl.Credentials;
import io.dequeue.smtp.server.AuthOutcome;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.server.State;
import io.dequeue.smtp.server.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The authenticator with its throttle, a real Vert.x and the gateways in memory: what a client
 * sees (235, 535 after a delay, 454 while locked) and what operators see (the lockout metric).
 */
class GatewayAuthenticatorTest {
    private static final String A = "a.auth.test";
    private static final String B = "b.auth.test";
    private static final String PASSWORD_A = "right-password-of-a";
    private static final String PASSWORD_B = "right-password-of-b";

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, GatewayRecord> gateways = new HashMap<>();

    GatewayAuthenticatorTest() {
        gateways.put(A, gateway(A, PASSWORD_A));
        gateways.put(B, gateway(B, PASSWORD_B));
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private GatewayAuthenticator authenticator(int perLogin, int perAddress, Duration baseDelay) {
        AuthThrottle t = new AuthThrottle(new AuthThrottle.Limits(perLogin, perAddress, Duration.ofMinutes(15),
                Duration.ofMinutes(15), baseDelay, Duration.ofSeconds(8), 1000), Clock.systemUTC());
        return new GatewayAuthenticator(t, login -> Optional.ofNullable(gateways.get(login)), vertx, registry, null);
    }

    @Test
    void guessingAtBBetweenCorrectLoginsToALocksB() {
        GatewayAuthenticator auth = authenticator(5, 100, Duration.ZERO);
        SessionInfo s = session("192.0.2.10");
        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            guesses.add(code(auth.authenticate(s, plain(B, "guess-" + i))));
            assertThat(code(auth.authenticate(s, plain(A, PASSWORD_A)))).isEqualTo(235);
        }
        assertThat(guesses).containsExactly(535, 535, 535, 535, 535, 454, 454, 454);
        // B is locked even with its right password, from any address, until the lockout ends
        assertThat(code(auth.authenticate(session("198.51.100.1"), plain(B, PASSWORD_B)))).isEqualTo(454);
        assertThat(lockouts("login")).isEqualTo(1.0);
        assertThat(lockouts("address")).isZero();
    }

    @Test
    void parallelWrongAttemptsNeverGetMoreChecksThanTheLimit() {
        GatewayAuthenticator auth = authenticator(5, 100, Duration.ZERO);
        List<Future<AuthOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // all asked before any PBKDF2 verdict (those run on worker threads)
            all.add(auth.authenticate(session("192.0.2.11"), plain(B, "parallel-guess-" + i)));
        }
        List<Integer> codes = all.stream().map(GatewayAuthenticatorTest::code).toList();
        assertThat(codes.stream().filter(c -> c == 535).count()).as("attempts checked and refused").isEqualTo(5);
        assertThat(codes.stream().filter(c -> c == 454).count()).isEqualTo(25);
    }

    @Test
    void aWrongPasswordIsAnsweredAfterAGrowingDelayOnATimer() {
        GatewayAuthenticator auth = authenticator(100, 100, Duration.ofMillis(300));
        SessionInfo s = session("192.0.2.12");
        long first = timed(auth.authenticate(s, cram(B, "wrong-password-1")));
        long second = timed(auth.authenticate(s, cram(B, "wrong-password-2")));
        assertThat(first).isGreaterThanOrEqualTo(300);
        assertThat(second).isGreaterThanOrEqualTo(600);
        // a right password is not delayed
        Future<AuthOutcome> ok = auth.authenticate(s, cram(A, PASSWORD_A));
        assertThat(ok.isComplete()).isTrue();
        assertThat(code(ok)).isEqualTo(235);
    }

    @Test
    void aLockedAddressIsCountedOnceAndAnsweredWith454() {
        GatewayAuthenticator auth = authenticator(100, 3, Duration.ZERO);
        SessionInfo s = session("192.0.2.13");
        for (int i = 0; i < 3; i++) {
            assertThat(code(auth.authenticate(s, cram("login" + i + ".auth.test", "wrong-pw")))).isEqualTo(535);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(code(auth.authenticate(s, cram(A, PASSWORD_A)))).isEqualTo(454);
        }
        assertThat(lockouts("address")).isEqualTo(1.0);
        // another client is not affected
        assertThat(code(auth.authenticate(session("192.0.2.14"), cram(A, PASSWORD_A)))).isEqualTo(235);
    }

    @Test
    void loginsThatAreNotDomainNamesShareOneCounter() {
        assertThat(GatewayAuthenticator.loginKey("B.Auth.Test")).isEqualTo(B);
        assertThat(GatewayAuthenticator.loginKey("not a domain")).isEqualTo(GatewayAuthenticator.INVALID_LOGIN);
        assertThat(GatewayAuthenticator.loginKey("x".repeat(5000))).isEqualTo(GatewayAuthenticator.INVALID_LOGIN);
        assertThat(GatewayAuthenticator.loginKey(null)).isEqualTo(GatewayAuthenticator.INVALID_LOGIN);
    }

    private double lockouts(String scope) {
        var c = registry.find("dequeue.auth.lockouts").tag("scope", scope).counter();
        return c == null ? 0 : c.count();
    }

    private static long timed(Future<AuthOutcome> f) {
        long start = System.nanoTime();
        assertThat(f.isComplete()).as("the 535 waits for its timer").isFalse();
        assertThat(code(f)).isEqualTo(535);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int code(Future<AuthOutcome> f) {
        await().atMost(Duration.ofSeconds(30)).until(f::isComplete);
        AuthOutcome o = f.result();
        return o instanceof AuthOutcome.Failure failure ? failure.reply().code() : 235;
    }

    private static AuthAttempt plain(String login, String password) {
        return new AuthAttempt.Password("PLAIN", new Credentials("", login, password.getBytes(StandardCharsets.UTF_8)));
    }

    private static AuthAttempt cram(String login, String password) {
        byte[] challenge = "<1.2@edge.test>".getBytes(StandardCharsets.US_ASCII);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacMD5");
            mac.init(new javax.crypto.spec.SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return new AuthAttempt.CramMd5Digest(login, challenge, java.util.HexFormat.of().formatHex(mac.doFinal(challenge)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GatewayRecord gateway(String domain, String password) {
        GatewaySettings s = new GatewaySettings(DomainName.parse(domain), null, null, null, null, null, null, null,
                null, null, null, true);
        return new GatewayRecord(s, StoredSecret.fromPassword(password.toCharArray(), true, 1000), 1, "test",
                java.time.Instant.now());
    }

    private static SessionInfo session(String ip) {
        return new SessionInfo() {
            private final Map<String, Object> attributes = new HashMap<>();

            public String id() {
                return "test-" + ip;
            }

            public ServerConfig config() {
                return null;
            }

            public State state() {
                return null;
            }

            public SocketAddress remoteAddress() {
                return SocketAddress.inetSocketAddress(40000, ip);
            }

            public SocketAddress localAddress() {
                return null;
            }

            public boolean isTls() {
                return true;
            }

            public String heloDomain() {
                return "client.test";
            }

            public boolean isExtended() {
                return true;
            }

            public String authenticatedIdentity() {
                return null;
            }

            public Envelope envelope() {
                return null;
            }

            public int etrnCount() {
                return 0;
            }

            public Map<String, Object> attributes() {
                return attributes;
            }
        };
    }
}
