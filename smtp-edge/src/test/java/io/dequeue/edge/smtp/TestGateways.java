package io.dequeue.edge.smtp;

import io.dequeue.edge.policy.GatewayLookup;
import io.dequeue.edge.policy.UsageLookup;
import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.settings.Quotas;
import io.dequeue.model.settings.RecipientVerification;
import io.dequeue.smtp.sasl.AuthAttempt;
import io.dequeue.smtp.server.AuthOutcome;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateways every edge test uses, in memory (in-process sessions) and as {@code gateway.config}
 * / {@code queue.usage} records (the running edge). Names under {@code .edge.test}, so they meet
 * no other module's test gateways on the shared broker.
 */
final class TestGateways {
    static final DomainName IN = DomainName.parse("in.edge.test");
    static final DomainName OTHER = DomainName.parse("other.edge.test");
    static final DomainName VERIFIED = DomainName.parse("verified.edge.test");
    static final DomainName FULL = DomainName.parse("full.edge.test");
    static final DomainName SMALL = DomainName.parse("small.edge.test");
    static final DomainName IDN = DomainName.parse("bücher.edge.test");
    static final DomainName AUTH = DomainName.parse("auth.edge.test");
    static final String PASSWORD = "s3cret-pw";
    static final long SMALL_LIMIT = 1000;

    static final Map<DomainName, GatewayRecord> RECORDS = new LinkedHashMap<>();
    static final Map<DomainName, QueueUsage> USAGE = new LinkedHashMap<>();

    static {
        StoredSecret secret = StoredSecret.fromPassword(PASSWORD.toCharArray(), true, 1000);
        add(IN, null, null, null, null);
        add(OTHER, null, null, null, null);
        add(VERIFIED, null, null, List.of("alice", "Bob"), null);
        add(FULL, new Quotas(10L, null), null, null, null);
        add(SMALL, null, SMALL_LIMIT, null, null);
        add(IDN, null, null, null, null);
        add(AUTH, null, null, null, secret);
        USAGE.put(FULL, new QueueUsage(FULL, 10, 5000, Instant.parse("2025-01-01T00:00:00Z"), 0, Instant.now()));
    }

    private static void add(DomainName d, Quotas q, Long max, List<String> locals, StoredSecret secret) {
        GatewaySettings s = new GatewaySettings(d, null, null, null, q, max, null, null,
                locals == null ? null : new RecipientVerification(locals), null, null, null);
        RECORDS.put(d, new GatewayRecord(s, secret, 1, "test", Instant.now()));
    }

    private TestGateways() {
    }

    static GatewayLookup lookup() {
        return d -> Optional.ofNullable(RECORDS.get(d)).map(GatewayRecord::settings);
    }

    static UsageLookup usage() {
        return d -> Optional.ofNullable(USAGE.get(d));
    }

    /** What GatewayAuthenticator does, without Kafka: login = gateway domain, its stored secret. */
    static Future<AuthOutcome> authenticate(AuthAttempt attempt) {
        Optional<GatewayRecord> g = DomainName.isValid(attempt.username())
                ? Optional.ofNullable(RECORDS.get(DomainName.parse(attempt.username()))) : Optional.empty();
        StoredSecret secret = g.map(GatewayRecord::secret).orElse(null);
        boolean ok;
        if (attempt instanceof AuthAttempt.CramMd5Digest d) {
            ok = secret != null && secret.verifyCramMd5(d.challenge(), d.hexDigest());
        } else {
            AuthAttempt.Password p = (AuthAttempt.Password) attempt;
            ok = secret != null && secret.verifyPassword(p.credentials().passwordChars());
        }
        return Future.succeededFuture(ok ? AuthOutcome.success(DomainName.parse(attempt.username()).value())
                : AuthOutcome.invalidCredentials());
    }
}
