package io.dequeue.edge.smtp;

import io.dequeue.edge.auth.AuthConfig;
import io.dequeue.edge.auth.GatewayAuthenticator;
import io.dequeue.edge.dequeue.EtrnHandler;
import io.dequeue.edge.kafka.MailStore;
import io.dequeue.edge.kafka.UsageView;
import io.dequeue.edge.net.ConnectionLimiter;
import io.dequeue.edge.net.EdgeTls;
import io.dequeue.edge.policy.RecipientPolicy;
import io.dequeue.model.view.GatewayDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the SMTP listener at start ({@code dequeue.edge.smtp.*}) on the Quarkus-managed Vert.x, one
 * instance per event loop, and wires its sessions to the edge's beans: the gateway view, the
 * usage view (quotas), the Kafka mail store, the authenticator and, when one exists, the ETRN
 * handler. {@link #open} opens further listeners with other settings (tests, extra ports).
 */
@ApplicationScoped
public class SmtpListener {
    private static final Logger LOG = Logger.getLogger(SmtpListener.class);

    @Inject
    Vertx vertx;

    @Inject
    SmtpConfig config;

    @Inject
    EdgeTls tls;

    @Inject
    GatewayDirectory directory;

    @Inject
    UsageView usage;

    @Inject
    MailStore mailStore;

    @Inject
    GatewayAuthenticator authenticator;

    @Inject
    Instance<EtrnHandler> etrnHandlers;

    @Inject
    MeterRegistry registry;

    @Inject
    AuthConfig auth;

    @Inject
    io.dequeue.edge.net.ProxyConfig proxy;

    private final List<RunningListener> listeners = new CopyOnWriteArrayList<>();
    private ExecutorService storeExecutor;
    private SmtpServices services;
    private ListenerSettings settings;
    private volatile RunningListener main;

    void start(@Observes StartupEvent ev) throws Exception {
        settings = ListenerSettings.from(config, auth.allowInsecure(), proxy.trusted());
        storeExecutor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "edge-store");
            t.setDaemon(true);
            return t;
        });
        MemoryBudget budget = new MemoryBudget(config.maxBufferedBytes().orElse(Runtime.getRuntime().maxMemory() / 2));
        services = new SmtpServices(
                domain -> directory.find(domain).map(g -> g.settings()),
                RecipientPolicy.standard(usage::usage),
                // KafkaProducer.send may block (metadata, full buffer): never on an event loop.
                (envelope, message) -> CompletableFuture.supplyAsync(() -> mailStore.store(envelope, message), storeExecutor)
                        .thenCompose(f -> f),
                authenticator::authenticate,
                this::etrnHandler,
                new SmtpMetrics(registry, budget),
                budget,
                Clock.systemUTC());
        storeExecutor.execute(() -> {
            try {
                mailStore.warmUp();
            } catch (RuntimeException e) {
                LOG.warnf("Kafka not reachable yet (%s); messages will wait for it", e.toString());
            }
        });
        if (!config.enabled()) {
            LOG.info("SMTP listener disabled (dequeue.edge.smtp.enabled=false)");
            return;
        }
        main = open(settings).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("SMTP listening on %s:%d as %s (STARTTLS %s, PROXY protocol %s, max %d bytes, %d event loops, ETRN %s)",
                settings.host(), main.port(), settings.hostname(), settings.starttls() && tls.available() ? "on" : "off",
                settings.proxyProtocol() ? "on" : "off", settings.maxMessageSize(), settings.instances(),
                etrnHandler() == null ? "not available" : "available");
    }

    void stop(@Observes ShutdownEvent ev) {
        for (RunningListener l : listeners) {
            try {
                l.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("closing listener: %s", e.toString());
            }
        }
        if (storeExecutor != null) {
            storeExecutor.shutdown();
        }
    }

    /** Opens a listener with these settings, sharing the edge's services; it closes with the application. */
    public Future<RunningListener> open(ListenerSettings s) {
        return open(s, services);
    }

    /** Opens a listener with these settings and services (tests: another store, no ETRN). */
    public Future<RunningListener> open(ListenerSettings s, SmtpServices services) {
        ConnectionLimiter limiter = new ConnectionLimiter(s.maxConnections(), s.maxConnectionsPerIp());
        AtomicInteger bound = new AtomicInteger();
        return vertx.deployVerticle(() -> new ListenerVerticle(s, services, tls, limiter, bound),
                        new DeploymentOptions().setInstances(s.instances()))
                .map(id -> {
                    RunningListener l = new RunningListener(vertx, s, id, bound.get(), limiter);
                    listeners.add(l);
                    return l;
                });
    }

    private EtrnHandler etrnHandler() {
        return etrnHandlers.isResolvable() ? etrnHandlers.get() : null;
    }

    /** The configured listener's settings. */
    public ListenerSettings settings() {
        return settings;
    }

    /** The services sessions use (for in-process sessions in tests). */
    public SmtpServices services() {
        return services;
    }

    /** Whether the configured listener is bound (readiness). */
    public boolean isListening() {
        RunningListener m = main;
        return m != null && m.isOpen();
    }

    /** The configured listener's port, or -1 when it is not open. */
    public int port() {
        RunningListener m = main;
        return m == null ? -1 : m.port();
    }

    public boolean enabled() {
        return config.enabled();
    }
}
