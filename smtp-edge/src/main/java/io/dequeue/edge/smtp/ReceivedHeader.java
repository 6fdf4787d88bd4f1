package io.dequeue.edge.smtp;

import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The edge's {@code Received:} trace line (RFC 5321 4.4, protocol names of RFC 3848), prepended
 * to every accepted message:
 *
 * <pre>
 * Received: from client.example ([192.0.2.10])
 *         by mx.gw.example (Dequeue) with ESMTPS id 01JX...
 *         for &lt;user@example.net&gt;; Tue, 3 Jun 2025 10:15:00 +0000
 * </pre>
 *
 * The client address is the real one (PROXY-protocol aware); {@code for} is given only for a
 * single recipient. Every part is already validated ASCII (the HELO argument, the forward path),
 * so the line is pure US-ASCII with CR LF folding.
 */
public final class ReceivedHeader {
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    /**
     * @param helo          the EHLO/HELO argument (null if none was given)
     * @param client        the client's address
     * @param byHost        the edge's hostname
     * @param extended      EHLO (ESMTP) rather than HELO (SMTP)
     * @param tls           over TLS
     * @param authenticated after a successful AUTH
     * @param queueId       the queue id
     * @param singleRecipient the forward path when there is exactly one recipient, else null
     * @param when          the time of receipt
     */
    public static byte[] build(String helo, SocketAddress client, String byHost, boolean extended, boolean tls,
                               boolean authenticated, String queueId, String singleRecipient, ZonedDateTime when) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("Received: from ").append(helo == null ? "unknown" : helo)
                .append(" (").append(addressLiteral(client)).append(")\r\n")
                .append("\tby ").append(byHost).append(" (Dequeue) with ").append(protocol(extended, tls, authenticated))
                .append(" id ").append(queueId);
        if (singleRecipient != null) {
            sb.append("\r\n\tfor <").append(singleRecipient).append('>');
        }
        sb.append(";\r\n\t").append(RFC5322.format(when)).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 3848: ESMTP, ESMTPS (TLS), ESMTPA (AUTH), ESMTPSA (both); SMTP after HELO. */
    static String protocol(boolean extended, boolean tls, boolean authenticated) {
        if (!extended) {
            return "SMTP";
        }
        return "ESMTP" + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 4.1.3). */
    static String addressLiteral(SocketAddress a) {
        String ip = ClientIp.of(a);
        return ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
