package io.dequeue.smtp.client;

/** STARTTLS policy of a client session. */
public enum TlsMode {
    /** Never send STARTTLS. */
    OFF,
    /** STARTTLS when the peer offers it, without verifying its certificate; plaintext otherwise or when the peer refuses it. */
    OPPORTUNISTIC,
    /**
     * Only in TLS, without verifying the peer's certificate (private relays with self-made
     * certificates): a peer without STARTTLS (or refusing it) is a transient failure, nothing is sent.
     */
    ENCRYPTED,
    /**
     * Only in verified TLS: as {@link #ENCRYPTED}, and the peer's chain must lead to a trusted
     * authority and its certificate be valid for the host name connected for (the IP address for an
     * IP literal target); a certificate that fails is a transient failure, nothing is sent.
     */
    REQUIRED;

    /** True when a session without TLS must not go on. */
    public boolean requiresTls() {
        return this == ENCRYPTED || this == REQUIRED;
    }
}
