package io.dequeue.smtp.client.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a verified peer's chain must lead to: the JVM's default trust store,
 * plus optionally the CA certificates of a PEM file (e.g. a private CA of the customers' relays).
 */
public final class PeerTrust {

    private final X509TrustManager chain;
    private final int extraCas;

    private PeerTrust(X509TrustManager chain, int extraCas) {
        this.chain = chain;
        this.extraCas = extraCas;
    }

    /** The JVM's default trust store only. */
    public static PeerTrust jvmDefault() {
        try {
            return new PeerTrust(x509(defaultFactory()), 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The JVM's default trust store plus every certificate in {@code pemFile} (one or more PEM
     * blocks). Fails with an {@link IllegalArgumentException} that names the file when it cannot be
     * read or holds no certificate.
     */
    public static PeerTrust withCaFile(Path pemFile) {
        Objects.requireNonNull(pemFile, "pemFile");
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(pemFile)) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trust file " + pemFile + " cannot be read as PEM certificates: "
                    + e.getMessage(), e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("trust file " + pemFile + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : x509(defaultFactory()).getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            int extra = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("file-" + extra++, ca);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return new PeerTrust(x509(f), extra);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("trust store cannot be built: " + e.getMessage(), e);
        }
    }

    /** Checks a server chain against the trusted authorities only (no host name check). */
    X509TrustManager chainChecker() {
        return chain;
    }

    /** CA certificates added from a file (0 for the JVM's defaults only). */
    public int extraAuthorities() {
        return extraCas;
    }

    private static TrustManagerFactory defaultFactory() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        return f;
    }

    private static X509TrustManager x509(TrustManagerFactory f) throws GeneralSecurityException {
        List<TrustManager> all = new ArrayList<>(List.of(f.getTrustManagers()));
        for (TrustManager m : all) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
