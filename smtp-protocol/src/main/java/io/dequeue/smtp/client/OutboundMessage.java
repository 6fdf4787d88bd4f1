package io.dequeue.smtp.client;

import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.Ret;

import java.util.List;
import java.util.Objects;

/**
 * One message to send: envelope and raw content. The content is written as bytes, dot-stuffed,
 * with every bare CR or LF turned into CR LF; it is never decoded.
 *
 * @param reversePath MAIL FROM address without angle brackets; empty for the null sender
 * @param recipients  RCPT addresses, in order
 * @param content     the RFC 5322 message; the array is not copied and must not change while sending
 * @param body        BODY parameter (sent as BODY=8BITMIME when the peer offers 8BITMIME), or null
 * @param ret         DSN RET, or null
 * @param envid       DSN ENVID (plain text, xtext-encoded on the wire), or null
 */
public record OutboundMessage(String reversePath, List<OutboundRecipient> recipients, byte[] content, BodyType body,
                              Ret ret, String envid) {

    public OutboundMessage {
        reversePath = reversePath == null ? "" : reversePath;
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
        Objects.requireNonNull(content, "content");
    }

    public OutboundMessage(String reversePath, List<OutboundRecipient> recipients, byte[] content) {
        this(reversePath, recipients, content, null, null, null);
    }

    @Override
    public String toString() {
        return "OutboundMessage[from=" + reversePath + ", recipients=" + recipients.size() + ", bytes="
                + content.length + "]";
    }
}
