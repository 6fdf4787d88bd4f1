package io.dequeue.edge.net;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of the edge's listeners, shared by the SMTP port (STARTTLS) and the ODMR ports
 * (STARTTLS and implicit TLS): a PEM certificate and key from configuration (a mounted Kubernetes
 * Secret), or for the local run a self-signed certificate generated once into
 * {@code dequeue.edge.tls.self-signed-dir}. Without either, TLS is unavailable: STARTTLS is not
 * advertised and an implicit-TLS listener must not be opened.
 *
 * <p>The files are read again every {@code dequeue.edge.tls.reload-period}. When their contents
 * changed and the new pair is sound (the key belongs to the certificate), every handshake from then
 * on presents it: the listeners' TLS contexts ask a {@link ReloadingKeyManager} for the key at each
 * handshake, so nothing is restarted and connections already open keep their sessions. A broken or
 * half-rotated pair is logged and the current one stays in use.
 */
@ApplicationScoped
public class EdgeTls {
    private static final Logger LOG = Logger.getLogger(EdgeTls.class);

    @Inject
    TlsConfig config;

    @ConfigProperty(name = "dequeue.edge.smtp.hostname")
    Optional<String> hostname;

    private ReloadingKeyManager keyManager;
    private Path certPath;
    private Path keyPath;
    /** A pair that failed its check: the same broken files are logged once, not every period. */
    private String refusedReason;
    private ScheduledExecutorService reloader;

    /** Outside CDI (tests, tools): loads the material and starts the periodic reload; {@link #close()} stops it. */
    public static EdgeTls create(TlsConfig config, Optional<String> hostname) {
        EdgeTls tls = new EdgeTls();
        tls.config = config;
        tls.hostname = hostname;
        tls.load();
        return tls;
    }

    @PostConstruct
    void load() {
        TlsMaterial first = null;
        try {
            if (config.certFile().isPresent() || config.keyFile().isPresent()) {
                certPath = Path.of(config.certFile().orElseThrow(() -> new IllegalStateException(
                        "dequeue.edge.tls.key-file is set but dequeue.edge.tls.cert-file is not")));
                keyPath = Path.of(config.keyFile().orElseThrow(() -> new IllegalStateException(
                        "dequeue.edge.tls.cert-file is set but dequeue.edge.tls.key-file is not")));
                first = TlsMaterial.read(certPath, keyPath, "configured " + certPath);
            } else if (config.selfSignedDir().isPresent()) {
                Path dir = Path.of(config.selfSignedDir().get());
                SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, names(), Duration.ofDays(3650));
                certPath = files.cert();
                keyPath = files.key();
                first = TlsMaterial.read(certPath, keyPath,
                        (files.generated() ? "generated self-signed " : "self-signed ") + files.cert());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
        if (first == null) {
            LOG.info("TLS: no certificate configured; STARTTLS is not offered");
            return;
        }
        keyManager = new ReloadingKeyManager(first);
        LOG.infof("TLS: %s", first);
        Duration period = config.reloadPeriod();
        if (!period.isZero() && !period.isNegative()) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "edge-tls-reload");
                t.setDaemon(true);
                return t;
            });
            reloader.scheduleWithFixedDelay(this::reloadQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    /**
     * Reads the files again; when they changed and the pair is sound, the next handshakes present it.
     *
     * @return whether a new pair was taken
     */
    public synchronized boolean reload() {
        if (keyManager == null) {
            return false;
        }
        TlsMaterial current = keyManager.material();
        TlsMaterial next;
        try {
            next = TlsMaterial.read(certPath, keyPath, current.source());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(refusedReason)) {
                LOG.warnf("TLS: %s and %s cannot be used (%s); still serving %s", certPath, keyPath, reason, current);
            }
            refusedReason = reason;
            return false;
        }
        refusedReason = null;
        if (next.sameBytes(current)) {
            return false;
        }
        keyManager.use(next);
        LOG.infof("TLS: reloaded %s", next);
        return true;
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("TLS: reload failed: %s", e.toString());
        }
    }

    private List<String> names() {
        LinkedHashSet<String> n = new LinkedHashSet<>();
        hostname.filter(h -> !h.isBlank()).ifPresent(n::add);
        try {
            n.add(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (IOException e) {
            // no local name: localhost only
        }
        n.add("localhost");
        return new ArrayList<>(n);
    }

    /** Whether a certificate is there: STARTTLS may be offered, an implicit-TLS port may open. */
    public boolean available() {
        return keyManager != null;
    }

    /** The key and certificate as Vert.x options (always the current pair, also after a reload), when available. */
    public Optional<KeyCertOptions> keyCertOptions() {
        return keyManager == null ? Optional.empty() : Optional.of(KeyCertOptions.wrap(keyManager));
    }

    /** The leaf certificate now served, when available. */
    public Optional<X509Certificate> certificate() {
        return keyManager == null ? Optional.empty() : Optional.of(keyManager.material().leaf());
    }

    /** Where the material came from, for logs: {@code none}, {@code configured <file>}, {@code self-signed <file>}. */
    public String source() {
        return keyManager == null ? "none" : keyManager.material().source();
    }

    /**
     * Prepares options of a plaintext listener that upgrades with STARTTLS: key material set, SSL
     * off at connect. Unchanged when TLS is unavailable.
     */
    public NetServerOptions forStartTls(NetServerOptions options) {
        if (keyManager != null) {
            options.setSsl(false).setKeyCertOptions(KeyCertOptions.wrap(keyManager));
            options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(config.protocols()));
        }
        return options;
    }

    /** Prepares options of an implicit-TLS listener (TLS from the first byte). */
    public NetServerOptions forImplicitTls(NetServerOptions options) {
        if (keyManager == null) {
            throw new IllegalStateException("no TLS certificate configured");
        }
        options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(keyManager));
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(config.protocols()));
        return options;
    }
}
