package io.dequeue.smtp.client;

import io.dequeue.smtp.sasl.Credentials;

import java.util.Objects;

/**
 * Settings of client sessions. Build with {@link #outbound(String)} or {@link #reversed(String)} and
 * the {@code with...} methods.
 *
 * @param heloName           the name sent in EHLO/HELO
 * @param tls                STARTTLS policy; on a reversed session STARTTLS is never sent and
 *                           {@link TlsMode#REQUIRED} only checks that the socket is already in TLS
 * @param pipelining         send MAIL, RCPT... and DATA in one write when the peer offers PIPELINING
 * @param pipeliningOptIn    a private EHLO keyword, or null: a peer that offers it with PIPELINING is
 *                           sent pipelined commands even when {@code pipelining} is off (the
 *                           reversed session toward a client that says it copes,
 *                           {@link #ODMR_PIPELINING})
 * @param credentials        AUTH as this login (CRAM-MD5, PLAIN, LOGIN in that order of preference),
 *                           or null for no AUTH
 * @param allowPlaintextAuth allow PLAIN and LOGIN outside TLS (CRAM-MD5 is always allowed)
 * @param timeouts           reply and write timeouts
 * @param maxReplyLine       longest reply line accepted, CR LF included
 * @param dataChunkSize      size of the blocks the message is written in
 */
public record ClientConfig(String heloName, TlsMode tls, boolean pipelining, String pipeliningOptIn,
                           Credentials credentials, boolean allowPlaintextAuth, ClientTimeouts timeouts,
                           int maxReplyLine, int dataChunkSize) {
    /**
     * The EHLO keyword (RFC 5321 2.2.2: a local extension, by agreement between the two ends) with
     * which the server of a reversed ODMR session, the customer's client, says it takes pipelined
     * commands (RFC 2920). Not every client does: fetchmail's ODMR relay stalls on them over TLS,
     * and it passes on its mail server's PIPELINING, so PIPELINING alone does not tell.
     */
    public static final String ODMR_PIPELINING = "X-ODMR-PIPELINING";

    public ClientConfig {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(timeouts, "timeouts");
        if (heloName.isEmpty() || !heloName.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("heloName must be printable US-ASCII without spaces");
        }
        if (maxReplyLine < 512) {
            throw new IllegalArgumentException("maxReplyLine must be at least 512");
        }
        if (dataChunkSize < 512) {
            throw new IllegalArgumentException("dataChunkSize must be at least 512");
        }
    }

    /** New outbound connections: opportunistic TLS, pipelining when offered, RFC 5321 timeouts. */
    public static ClientConfig outbound(String heloName) {
        return new ClientConfig(heloName, TlsMode.OPPORTUNISTIC, true, null, null, false, ClientTimeouts.rfc5321(),
                2048, 64 * 1024);
    }

    /**
     * The reversed ATRN session: no STARTTLS (the socket keeps the TLS state it has), pipelining
     * only toward a client that offers {@link #ODMR_PIPELINING} (fetchmail over TLS stalls on
     * pipelined commands), RFC 5321 timeouts.
     */
    public static ClientConfig reversed(String heloName) {
        return new ClientConfig(heloName, TlsMode.OFF, false, ODMR_PIPELINING, null, false, ClientTimeouts.rfc5321(),
                2048, 64 * 1024);
    }

    /** Whether commands go pipelined to a peer with these capabilities. */
    public boolean pipelines(Capabilities peer) {
        return peer.pipelining() && (pipelining || pipeliningOptIn != null && peer.has(pipeliningOptIn));
    }

    public ClientConfig withTls(TlsMode mode) {
        return new ClientConfig(heloName, mode, pipelining, pipeliningOptIn, credentials, allowPlaintextAuth, timeouts,
                maxReplyLine, dataChunkSize);
    }

    public ClientConfig withPipelining(boolean on) {
        return new ClientConfig(heloName, tls, on, pipeliningOptIn, credentials, allowPlaintextAuth, timeouts,
                maxReplyLine, dataChunkSize);
    }

    /** AUTH with these credentials; PLAIN/LOGIN outside TLS only when {@code allowPlaintext}. */
    public ClientConfig withAuth(Credentials login, boolean allowPlaintext) {
        return new ClientConfig(heloName, tls, pipelining, pipeliningOptIn, login, allowPlaintext, timeouts,
                maxReplyLine, dataChunkSize);
    }

    public ClientConfig withTimeouts(ClientTimeouts t) {
        return new ClientConfig(heloName, tls, pipelining, pipeliningOptIn, credentials, allowPlaintextAuth, t,
                maxReplyLine, dataChunkSize);
    }

    public ClientConfig withDataChunkSize(int size) {
        return new ClientConfig(heloName, tls, pipelining, pipeliningOptIn, credentials, allowPlaintextAuth, timeouts,
                maxReplyLine, size);
    }

    @Override
    public String toString() {
        return "ClientConfig[heloName=" + heloName + ", tls=" + tls + ", pipelining=" + pipelining + ", auth="
                + (credentials == null ? "none" : credentials.username()) + ", timeouts=" + timeouts + "]";
    }
}
