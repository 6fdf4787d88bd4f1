package io.dequeue.smtp.client.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * A {@link TrustManagerFactory} that hands out one {@link VerifyingTrustManager}: the form Vert.x
 * takes trust settings in ({@code TrustOptions.wrap(factory)}). Its {@code init} methods do nothing.
 */
public final class VerifyingTrustManagerFactory extends TrustManagerFactory {

    private static final Provider PROVIDER = new Provider("dequeue-peer-trust", "1", "verified STARTTLS peers") {
        private static final long serialVersionUID = 1L;
    };

    public VerifyingTrustManagerFactory(PeerTrust trust) {
        super(new Spi(new VerifyingTrustManager(trust)), PROVIDER, "dequeue-verifying");
    }

    private static final class Spi extends TrustManagerFactorySpi {
        private final TrustManager manager;

        Spi(TrustManager manager) {
            this.manager = manager;
        }

        @Override
        protected void engineInit(KeyStore keyStore) {
            // the trust comes with the manager
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) {
            // the trust comes with the manager
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {manager};
        }
    }
}
