package io.dequeue.fetch.session;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.FetchException;
import io.dequeue.fetch.UpstreamOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * The TLS client side for the upstream connection. By default the server's chain is verified
 * against the JVM trust store (or the {@code --ca-file} CAs) and its name against the certificate
 * (HTTPS rules: subject alternative names). With a pin, only the certificate whose DER has that
 * SHA-256 is accepted, whatever its chain and names.
 */
final class TlsSetup {

    private TlsSetup() {
    }

    static SSLSocketFactory factory(UpstreamOptions o) throws FetchException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManager tm = o.pinSha256() != null ? new PinnedTrustManager(o.pinBytes()) : chainTrust(o);
            ctx.init(null, new TrustManager[] {tm}, null);
            SSLSocketFactory base = ctx.getSocketFactory();
            boolean checkName = o.pinSha256() == null;
            return new NameCheckingFactory(base, checkName);
        } catch (GeneralSecurityException | IOException e) {
            throw new FetchException(ExitStatus.USAGE, "cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager chainTrust(UpstreamOptions o) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (o.caFile() == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(o.caFile())) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certs.isEmpty()) {
                    throw new GeneralSecurityException("no certificate in " + o.caFile());
                }
                int i = 0;
                for (Certificate c : certs) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            tmf.init(ks);
        }
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Sets host name verification (HTTPS rules) on every socket it makes, unless pinned. */
    private static final class NameCheckingFactory extends SSLSocketFactory {
        private final SSLSocketFactory base;
        private final boolean checkName;

        NameCheckingFactory(SSLSocketFactory base, boolean checkName) {
            this.base = base;
            this.checkName = checkName;
        }

        private Socket configure(Socket s) {
            if (checkName && s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            return s;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configure(base.createSocket(s, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(base.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return configure(base.createSocket(address, port, localAddress, localPort));
        }
    }
}
