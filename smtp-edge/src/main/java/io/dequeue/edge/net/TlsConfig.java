package io.dequeue.edge.net;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** TLS material of the edge's listeners (prefix {@code dequeue.edge.tls}). */
@ConfigMapping(prefix = "dequeue.edge.tls")
public interface TlsConfig {
    /** PEM certificate chain (leaf first), e.g. {@code tls.crt} of a mounted Kubernetes Secret. */
    Optional<String> certFile();

    /** PEM private key (PKCS#8 or PKCS#1), e.g. {@code tls.key} of the same Secret. */
    Optional<String> keyFile();

    /**
     * For the local run only: when no certificate is configured, a self-signed one is generated
     * here at first start and reused afterwards (env {@code DEQUEUE_TLS_DIR}).
     */
    Optional<String> selfSignedDir();

    /**
     * How often the certificate and key files are read again; when their contents changed (a
     * renewed certificate in a rotated Kubernetes Secret), new connections get the new pair
     * without a restart. {@code 0} reads them only at start.
     */
    @WithDefault("1m")
    Duration reloadPeriod();

    /** TLS versions the listeners accept. */
    @WithDefault("TLSv1.2,TLSv1.3")
    List<String> protocols();
}
