package io.dequeue.config.importer;

import io.dequeue.config.service.ConfigProblem;
import io.dequeue.config.service.FieldError;
import io.dequeue.config.service.GatewayService;
import io.dequeue.config.service.Secrets;
import io.dequeue.model.DomainName;
import io.dequeue.model.credential.StoredSecret;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes {@code gateway.config} match an import file: creates and updates the gateways it declares
 * (owned by {@code yaml:<file name>}), leaves unchanged ones alone (no new version), and deletes
 * only the gateways owned by that same file that it no longer lists. Gateways created through
 * the API or by another file are never deleted; one the file lists is taken over by it.
 *
 * <p>Everything is planned against the current state before anything is written, so an error in
 * any entry leaves the topic untouched.
 */
public final class GatewayReconciler {
    private static final Logger LOG = Logger.getLogger(GatewayReconciler.class);

    /** What one reconciliation did, by domain. */
    public record Report(String owner, List<DomainName> created, List<DomainName> updated, List<DomainName> deleted,
                         List<DomainName> unchanged) {
        public int writes() {
            return created.size() + updated.size() + deleted.size();
        }

        @Override
        public String toString() {
            return owner + ": " + created.size() + " created, " + updated.size() + " updated, " + deleted.size()
                    + " deleted, " + unchanged.size() + " unchanged";
        }
    }

    private enum Kind { CREATE, UPDATE, UNCHANGED, DELETE }

    private record Step(Kind kind, DomainName domain, GatewayRecord current, GatewaySettings settings,
                        StoredSecret secret) {
    }

    private final GatewayService service;
    private final ImportFileReader reader;

    public GatewayReconciler(GatewayService service, ImportFileReader reader) {
        this.service = service;
        this.reader = reader;
    }

    /** The owner that gateways of a file get: {@code yaml:<file name>}. */
    public static String ownerOf(Path file) {
        return "yaml:" + file.getFileName();
    }

    /**
     * Reads {@code file} and reconciles the topic to it.
     *
     * @throws ImportFileReader.InvalidFile when the file, or a declaration in it, is invalid (nothing is written)
     * @throws ConfigProblem.StoreUnavailable when Kafka fails; running again later completes the work
     */
    public Report reconcile(Path file) {
        List<ImportFileReader.Declared> declared = reader.read(file);
        String owner = ownerOf(file);
        try {
            return service.exclusively(() -> apply(file, owner, plan(file, owner, declared)));
        } finally {
            declared.forEach(d -> Secrets.forget(d.password()));
        }
    }

    private List<Step> plan(Path file, String owner, List<ImportFileReader.Declared> declared) {
        Map<DomainName, GatewayRecord> current = service.snapshot();
        List<Step> steps = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Set<DomainName> listed = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            ImportFileReader.Declared d = declared.get(i);
            listed.add(d.domain());
            GatewayRecord now = current.get(d.domain());
            StoredSecret secret;
            try {
                secret = Secrets.reconciled(now == null ? null : now.secret(), d.password(), d.settings().cramMd5(),
                        service.passwordHashIterations());
            } catch (ConfigProblem.PasswordRequired e) {
                errors.add(new FieldError("gateways[" + i + "].password",
                        "required: cramMd5 is on and the stored secret of " + d.domain() + " has no CRAM-MD5 pad states"));
                continue;
            }
            Kind kind;
            if (now == null) {
                kind = Kind.CREATE;
            } else if (now.settings().equals(d.settings()) && Objects.equals(now.secret(), secret)
                    && owner.equals(now.managedBy())) {
                kind = Kind.UNCHANGED;
            } else {
                kind = Kind.UPDATE;
                if (!owner.equals(now.managedBy())) {
                    LOG.infof("import %s takes over gateway %s (was managed by %s)", file.getFileName(), d.domain(),
                            now.managedBy());
                }
            }
            steps.add(new Step(kind, d.domain(), now, d.settings(), secret));
        }
        if (!errors.isEmpty()) {
            throw new ImportFileReader.InvalidFile(file, errors);
        }
        for (GatewayRecord g : current.values()) {
            if (owner.equals(g.managedBy()) && !listed.contains(g.settings().domain())) {
                steps.add(new Step(Kind.DELETE, g.settings().domain(), g, null, null));
            }
        }
        return steps;
    }

    private Report apply(Path file, String owner, List<Step> steps) {
        List<DomainName> created = new ArrayList<>();
        List<DomainName> updated = new ArrayList<>();
        List<DomainName> deleted = new ArrayList<>();
        List<DomainName> unchanged = new ArrayList<>();
        for (Step s : steps) {
            switch (s.kind()) {
                case DELETE -> {
                    service.remove(s.domain(), s.current(), owner);
                    deleted.add(s.domain());
                }
                case UNCHANGED -> unchanged.add(s.domain());
                case CREATE, UPDATE -> {
                    service.store(s.domain(), s.current(), s.settings(), s.secret(), owner, owner);
                    (s.kind() == Kind.CREATE ? created : updated).add(s.domain());
                }
            }
        }
        Report report = new Report(owner, created, updated, deleted, unchanged);
        LOG.infof("import %s applied: %s", file.getFileName(), report);
        return report;
    }
}
