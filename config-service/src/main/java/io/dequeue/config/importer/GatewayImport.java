package io.dequeue.config.importer;

import io.dequeue.config.ConfigServiceSettings;
import io.dequeue.config.service.ConfigProblem;
import io.dequeue.config.service.FieldError;
import io.dequeue.config.service.GatewayService;
import io.dequeue.model.view.GatewayDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the declarative import of {@code dequeue.config.import-file} once at start, in the
 * background: it waits until the gateway view has loaded the topic, then reconciles. An invalid
 * file is logged field by field and keeps the service not ready; a Kafka failure is retried.
 *
 * <p>{@code ${NAME}} references are looked up in the environment (and, like Quarkus' own
 * property expressions, in system properties and the configuration).
 */
@ApplicationScoped
public class GatewayImport {
    private static final Logger LOG = Logger.getLogger(GatewayImport.class);

    @Inject
    ConfigServiceSettings settings;

    @Inject
    GatewayService service;

    @Inject
    GatewayDirectory directory;

    @Inject
    Config config;

    private volatile ImportStatus status = new ImportStatus(ImportStatus.State.NOT_CONFIGURED, null, "no import file", null);
    private volatile Thread worker;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        directory.size(); // starts reading the topic now rather than at the first request
        Optional<Path> file = settings.importFile();
        if (file.isEmpty()) {
            return;
        }
        status = new ImportStatus(ImportStatus.State.WAITING, file.get().toString(), "waiting for the gateway view", null);
        Thread t = new Thread(() -> runAtStart(file.get()), "gateway-import");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void runAtStart(Path file) {
        long backoff = 1000;
        try {
            while (!stopping && !directory.awaitReady(Duration.ofSeconds(5))) {
                LOG.debug("import waits for the gateway view");
            }
            while (!stopping) {
                ImportStatus s = importNow(file);
                if (s.state() != ImportStatus.State.RETRYING) {
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reconciles the topic to {@code file} now and records the outcome as the import status. */
    public ImportStatus importNow(Path file) {
        GatewayReconciler reconciler = new GatewayReconciler(service, new ImportFileReader(this::variable));
        ImportStatus s;
        try {
            GatewayReconciler.Report report = reconciler.reconcile(file);
            s = new ImportStatus(ImportStatus.State.APPLIED, file.toString(), report.toString(), null);
        } catch (ImportFileReader.InvalidFile e) {
            LOG.errorf("import file %s is invalid, nothing was applied; %d error(s):", file, e.errors().size());
            for (FieldError fe : e.errors()) {
                LOG.errorf("  %s: %s", fe.field(), fe.message());
            }
            s = new ImportStatus(ImportStatus.State.INVALID, file.toString(),
                    e.errors().size() + " invalid field(s), nothing applied", e.errors());
        } catch (ConfigProblem e) {
            LOG.warnf("import of %s failed, will retry: %s", file, e.getMessage());
            s = new ImportStatus(ImportStatus.State.RETRYING, file.toString(), e.getMessage(), List.of());
        } catch (RuntimeException e) {
            LOG.errorf(e, "import of %s failed, will retry", file);
            s = new ImportStatus(ImportStatus.State.RETRYING, file.toString(), "unexpected error: " + e.getClass().getSimpleName(), List.of());
        }
        status = s;
        return s;
    }

    public ImportStatus status() {
        return status;
    }

    private Optional<String> variable(String name) {
        return config.getOptionalValue(name, String.class);
    }
}
