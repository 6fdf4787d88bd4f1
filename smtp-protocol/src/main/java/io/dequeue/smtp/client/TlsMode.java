package io.dequeue.smtp.client;

/** STARTTLS policy of a client session. */
public enum TlsMode {
    /** Never send STARTTLS. */
    OFF,
    /** STARTTLS when the peer offers it; plaintext otherwise or when the peer refuses it. */
    OPPORTUNISTIC,
    /** Only in TLS: a peer without STARTTLS (or refusing it) is a transient failure, nothing is sent. */
    REQUIRED
}
