package io.dequeue.smtp.client;

import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;

import java.util.Objects;
import java.util.Set;

/**
 * One RCPT of an {@link OutboundMessage}. The DSN parameters are sent only when the peer offers DSN.
 *
 * @param address the forward path without angle brackets, {@code local@domain}
 * @param notifyOn NOTIFY values, empty when none were given
 * @param orcpt   ORCPT, or null
 */
public record OutboundRecipient(String address, Set<Notify> notifyOn, Orcpt orcpt) {

    public OutboundRecipient {
        Objects.requireNonNull(address, "address");
        notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }

    public OutboundRecipient(String address) {
        this(address, Set.of(), null);
    }
}
