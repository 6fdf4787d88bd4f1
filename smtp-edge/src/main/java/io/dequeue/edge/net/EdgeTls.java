package io.dequeue.edge.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The TLS material of the edge's listeners, shared by the SMTP port (STARTTLS) and the ODMR ports
 * (STARTTLS and implicit TLS): a PEM certificate and key from configuration (a mounted Kubernetes
 * Secret), or for the local run a self-signed certificate generated once into
 * {@code dequeue.edge.tls.self-signed-dir}. Without either, TLS is unavailable: STARTTLS is not
 * advertised and an implicit-TLS listener must not be opened.
 *
 * <p>The files are read once at start; a rotated Secret takes effect on restart.
 */
@ApplicationScoped
public class EdgeTls {
    private static final Logger LOG = Logger.getLogger(EdgeTls.class);

    @Inject
    TlsConfig config;

    @ConfigProperty(name = "dequeue.edge.smtp.hostname")
    Optional<String> hostname;

    private PemKeyCertOptions keyCert;
    private String source = "none";
    private X509Certificate leaf;

    @PostConstruct
    void load() {
        try {
            if (config.certFile().isPresent() || config.keyFile().isPresent()) {
                Path cert = Path.of(config.certFile().orElseThrow(() -> new IllegalStateException(
                        "dequeue.edge.tls.key-file is set but dequeue.edge.tls.cert-file is not")));
                Path key = Path.of(config.keyFile().orElseThrow(() -> new IllegalStateException(
                        "dequeue.edge.tls.cert-file is set but dequeue.edge.tls.key-file is not")));
                use(cert, key, "configured " + cert);
            } else if (config.selfSignedDir().isPresent()) {
                Path dir = Path.of(config.selfSignedDir().get());
                SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, names(), Duration.ofDays(3650));
                use(files.cert(), files.key(), (files.generated() ? "generated self-signed " : "self-signed ") + files.cert());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the TLS certificate: " + e.getMessage(), e);
        }
        if (keyCert == null) {
            LOG.info("TLS: no certificate configured; STARTTLS is not offered");
        } else {
            LOG.infof("TLS: %s (subject %s, valid until %s)", source, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
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

    private void use(Path cert, Path key, String description) throws IOException, GeneralSecurityException {
        byte[] certPem = Files.readAllBytes(cert);
        byte[] keyPem = Files.readAllBytes(key);
        leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certPem));
        keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(certPem)).setKeyValue(Buffer.buffer(keyPem));
        source = description;
    }

    /** Whether a certificate is there: STARTTLS may be offered, an implicit-TLS port may open. */
    public boolean available() {
        return keyCert != null;
    }

    /** The key and certificate as Vert.x options (a copy), when available. */
    public Optional<PemKeyCertOptions> keyCertOptions() {
        return keyCert == null ? Optional.empty() : Optional.of(new PemKeyCertOptions(keyCert));
    }

    /** The leaf certificate, when available. */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(leaf);
    }

    /** Where the material came from, for logs: {@code none}, {@code configured <file>}, {@code self-signed <file>}. */
    public String source() {
        return source;
    }

    /**
     * Prepares options of a plaintext listener that upgrades with STARTTLS: key material set, SSL
     * off at connect. Unchanged when TLS is unavailable.
     */
    public NetServerOptions forStartTls(NetServerOptions options) {
        if (keyCert != null) {
            options.setSsl(false).setKeyCertOptions(new PemKeyCertOptions(keyCert));
            options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(config.protocols()));
        }
        return options;
    }

    /** Prepares options of an implicit-TLS listener (TLS from the first byte). */
    public NetServerOptions forImplicitTls(NetServerOptions options) {
        if (keyCert == null) {
            throw new IllegalStateException("no TLS certificate configured");
        }
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions(keyCert));
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(config.protocols()));
        return options;
    }
}
