package io.dequeue.smtp.client.tls;

import java.security.cert.CertificateException;

/**
 * The peer's certificate was refused during the TLS handshake; the message says why in a few words
 * (it ends up in a local reply, so it names no key material).
 */
public final class PeerNotVerifiedException extends CertificateException {

    private static final long serialVersionUID = 1L;

    public PeerNotVerifiedException(String why) {
        super(why);
    }
}
