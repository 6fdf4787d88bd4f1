package io.dequeue.config.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dequeue.config.ConfigServiceSettings;
import io.dequeue.model.DomainName;
import io.dequeue.model.credential.Pbkdf2Hash;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.model.view.GatewayDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.Locale;

/**
 * Reads gateways from the {@link GatewayDirectory} and changes them through {@code gateway.config}.
 *
 * <p>Writes of this instance are serialised: each one reads the current record, checks the
 * precondition, writes, and waits until the directory shows the write before the next one starts.
 */
@ApplicationScoped
public class GatewayService {
    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    /** What a change was, in events and metrics. */
    public enum Action { CREATED, UPDATED, DELETED }

    /** The stored record after a write, and whether the write created the gateway. */
    public record Written(GatewayRecord record, boolean created) {
    }

    @Inject
    GatewayDirectory directory;

    @Inject
    TopicWriter writer;

    @Inject
    MeterRegistry meters;

    @Inject
    ConfigServiceSettings settings;

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Clock clock = Clock.systemUTC();

    void onStart(@Observes StartupEvent event) {
        if (passwordHashIterations() < Pbkdf2Hash.DEFAULT_ITERATIONS) {
            LOG.warnf("new password hashes use %d PBKDF2 iterations, fewer than the %d recommended "
                    + "(dequeue.config.password-hash-iterations is meant for tests)", passwordHashIterations(),
                    Pbkdf2Hash.DEFAULT_ITERATIONS);
        }
    }

    /** The PBKDF2 iteration count of new password hashes. */
    public int passwordHashIterations() {
        return settings.passwordHashIterations();
    }

    public Optional<GatewayRecord> find(DomainName domain) {
        requireReady();
        return directory.find(domain);
    }

    /** Every gateway, ordered by domain. */
    public List<GatewayRecord> list() {
        requireReady();
        return directory.all().stream()
                .sorted(Comparator.comparing(g -> g.settings().domain()))
                .toList();
    }

    /** Creates or replaces a gateway from a full REST body. */
    public Written put(DomainName domain, JsonNode body, Precondition precondition, String principal) {
        SettingsReader.Result read = SettingsReader.fromApi(body, domain);
        if (!read.valid()) {
            throw new ConfigProblem.InvalidSettings(read.errors());
        }
        try {
            return exclusively(() -> {
                GatewayRecord current = directory.find(domain).orElse(null);
                precondition.check(current);
                return store(domain, current, read.settings(), Secrets.next(secretOf(current), read.password(),
                        read.settings().cramMd5(), passwordHashIterations()), GatewayRecord.MANAGED_BY_API, principal);
            });
        } finally {
            Secrets.forget(read.password());
        }
    }

    /** Changes some settings of an existing gateway with a JSON merge patch (RFC 7396). */
    public Written patch(DomainName domain, JsonNode patch, Precondition precondition, String principal) {
        return exclusively(() -> {
            GatewayRecord current = directory.find(domain).orElseThrow(() -> new ConfigProblem.UnknownGateway(domain));
            precondition.check(current);
            JsonNode merged = MergePatch.apply(settingsTree(current.settings()), patch);
            if (merged instanceof ObjectNode o && patch.has("password")) {
                // "password": null removes the password, which merging alone would turn into "keep".
                o.set("password", patch.get("password"));
            }
            SettingsReader.Result read = SettingsReader.fromApi(merged, domain);
            if (!read.valid()) {
                throw new ConfigProblem.InvalidSettings(read.errors());
            }
            try {
                return store(domain, current, read.settings(), Secrets.next(current.secret(), read.password(),
                        read.settings().cramMd5(), passwordHashIterations()), GatewayRecord.MANAGED_BY_API, principal);
            } finally {
                Secrets.forget(read.password());
            }
        });
    }

    /** Deletes a gateway: a tombstone on the topic. */
    public void delete(DomainName domain, Precondition precondition, String principal) {
        exclusively(() -> {
            GatewayRecord current = directory.find(domain).orElseThrow(() -> new ConfigProblem.UnknownGateway(domain));
            precondition.check(current);
            remove(domain, current, principal);
            return null;
        });
    }

    /**
     * Runs {@code work} while no other write of this instance runs; the import reconciles the
     * whole topic this way, and may call {@link #store} and {@link #remove} inside.
     */
    public <T> T exclusively(Supplier<T> work) {
        requireReady();
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of every gateway by domain, for a reconciliation running {@link #exclusively}. */
    public Map<DomainName, GatewayRecord> snapshot() {
        Map<DomainName, GatewayRecord> out = new LinkedHashMap<>();
        for (GatewayRecord g : list()) {
            out.put(g.settings().domain(), g);
        }
        return out;
    }

    /** Writes a gateway's next version; callers hold the write lock and have checked {@code current}. */
    public Written store(DomainName domain, GatewayRecord current, GatewaySettings settings, StoredSecret secret,
                         String managedBy, String principal) {
        requireLock();
        long version = current == null ? 1 : current.version() + 1;
        GatewayRecord next = new GatewayRecord(settings, secret, version, managedBy, now());
        writer.writeGateway(domain, next);
        Action action = current == null ? Action.CREATED : Action.UPDATED;
        announce(domain, action, version, managedBy, principal);
        return new Written(next, current == null);
    }

    /** Deletes a gateway; callers hold the write lock. */
    public void remove(DomainName domain, GatewayRecord current, String principal) {
        requireLock();
        writer.writeGateway(domain, null);
        announce(domain, Action.DELETED, current.version(), current.managedBy(), principal);
    }

    /** The JSON form of settings, as responses show them and as a merge patch applies to. */
    public static ObjectNode settingsTree(GatewaySettings settings) {
        return Json.mapper().valueToTree(settings);
    }

    private void announce(DomainName domain, Action action, long version, String managedBy, String principal) {
        String verb = action.name().toLowerCase(Locale.ROOT);
        LOG.infof("gateway %s %s (version %d, by %s)", domain, verb, version, principal);
        meters.counter("dequeue.config.changes", "action", verb).increment();
        writer.emit(new LifecycleEvent(LifecycleEvent.Type.GATEWAY_CHANGED, domain, null, TopicWriter.SERVICE, now(),
                Map.of("action", verb, "version", version, "managedBy", managedBy, "principal", principal)));
    }

    /** Before the view has loaded the topic, reads would be incomplete and versions wrong. */
    private void requireReady() {
        if (!directory.isReady()) {
            throw new ConfigProblem.StoreUnavailable("The gateway view is still loading gateway.config; retry shortly.");
        }
    }

    private void requireLock() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("gateway writes must run inside exclusively()");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static StoredSecret secretOf(GatewayRecord r) {
        return r == null ? null : r.secret();
    }
}
