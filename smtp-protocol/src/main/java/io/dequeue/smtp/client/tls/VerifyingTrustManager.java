package io.dequeue.smtp.client.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Refuses, during the handshake, a server whose chain does not lead to a {@link PeerTrust trusted}
 * authority or whose certificate is not valid for the name the connection was made for: the SNI
 * host name the session asked for (an MX or target host name), or, without SNI (an IP literal
 * target), the address connected to. Either refusal is a {@link PeerNotVerifiedException}; the
 * handshake fails and nothing is sent.
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {

    private final PeerTrust trust;

    public VerifyingTrustManager(PeerTrust trust) {
        this.trust = trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, authType, expectedName(engine.getSSLParameters(), engine.getPeerHost()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (!(socket instanceof SSLSocket ssl)) {
            throw new PeerNotVerifiedException("no host name to verify the certificate against");
        }
        String peerHost = ssl.getInetAddress() == null ? null : ssl.getInetAddress().getHostAddress();
        verify(chain, authType, expectedName(ssl.getSSLParameters(), peerHost));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new PeerNotVerifiedException("no host name to verify the certificate against");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.chainChecker().getAcceptedIssuers();
    }

    private void verify(X509Certificate[] chain, String authType, String name) throws PeerNotVerifiedException {
        if (chain == null || chain.length == 0) {
            throw new PeerNotVerifiedException("no certificate");
        }
        if (name == null || name.isEmpty()) {
            throw new PeerNotVerifiedException("no host name to verify the certificate against");
        }
        try {
            trust.chainChecker().checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new PeerNotVerifiedException("the certificate chain is not trusted");
        }
        if (!PeerIdentity.matches(chain[0], name)) {
            throw new PeerNotVerifiedException("the certificate is not valid for " + name);
        }
    }

    /** The SNI host name the client sent, else the address it connected to. */
    static String expectedName(SSLParameters parameters, String peerHost) {
        if (parameters != null && parameters.getServerNames() != null) {
            for (SNIServerName n : parameters.getServerNames()) {
                if (n instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return peerHost;
    }
}
