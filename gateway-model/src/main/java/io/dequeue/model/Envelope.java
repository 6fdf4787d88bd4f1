package io.dequeue.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one accepted message for one recipient domain, carried as JSON in the
 * {@code dq_envelope} header of every mail-carrying record.
 *
 * @param messageId unique id of this (message, recipient domain) record
 * @param queueId the id given to the client in {@code 250 2.0.0 Ok: queued as <id>}
 * @param reversePath MAIL FROM address, empty for the null sender {@code <>}
 * @param ret DSN RET parameter, or null
 * @param envid DSN ENVID (decoded xtext), or null
 * @param body BODY parameter
 * @param size message size in bytes, as stored (with the Received: line)
 * @param recipients this domain's recipients with their DSN parameters
 * @param clientAddress the SMTP client's real address (PROXY-protocol aware)
 * @param clientHelo the EHLO/HELO argument
 * @param authLogin the authenticated login, or null
 * @param tls whether the message came over TLS
 * @param receivedAt when the edge accepted it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(String messageId, String queueId, String reversePath, Ret ret, String envid, Body body, long size,
                       List<Recipient> recipients, String clientAddress, String clientHelo, String authLogin,
                       boolean tls, Instant receivedAt) {

    public enum Ret { FULL, HDRS }

    public enum Body {
        @JsonProperty("7BIT") SEVEN_BIT,
        @JsonProperty("8BITMIME") EIGHT_BIT_MIME
    }

    /** DSN NOTIFY values; an empty set means the client gave none (default behaviour). */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    /**
     * One recipient of the envelope.
     *
     * @param address the forward path, {@code local@domain}
     * @param notifyOn DSN NOTIFY values, empty when not given
     * @param orcpt DSN ORCPT as {@code addr-type;address} (decoded), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(String address, @JsonProperty("notify") List<Notify> notifyOn, String orcpt) {
        public Recipient {
            Objects.requireNonNull(address, "address");
            notifyOn = notifyOn == null ? List.of() : List.copyOf(notifyOn);
        }

        public Recipient(String address) {
            this(address, List.of(), null);
        }

        /** The domain part, lower-cased. */
        public String domain() {
            int at = address.lastIndexOf('@');
            return address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether a failure DSN may be sent for this recipient. */
        public boolean wantsFailureNotice() {
            return notifyOn.isEmpty() || notifyOn.contains(Notify.FAILURE);
        }

        /** Whether a delay DSN was asked for explicitly (RFC 3461: without NOTIFY, delay notices are at the MTA's discretion; we send none). */
        public boolean wantsDelayNotice() {
            return notifyOn.contains(Notify.DELAY);
        }
    }

    public Envelope {
        Objects.requireNonNull(messageId, "messageId");
        reversePath = reversePath == null ? "" : reversePath;
        body = body == null ? Body.SEVEN_BIT : body;
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Whether the sender is the null path {@code <>} (no DSN may be sent to it). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNullSender() {
        return reversePath.isEmpty();
    }

    /** A copy holding only the given recipients. */
    public Envelope withRecipients(List<Recipient> remaining) {
        return new Envelope(messageId, queueId, reversePath, ret, envid, body, size, remaining, clientAddress,
                clientHelo, authLogin, tls, receivedAt);
    }
}
