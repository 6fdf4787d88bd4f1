package io.dequeue.smtp.command;

import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Orcpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RCPT TO parameters (RFC 3461).
 *
 * @param notifyOn NOTIFY: empty when absent, else {NEVER} or a subset of {SUCCESS, FAILURE, DELAY}
 * @param orcpt  ORCPT, or null when absent
 */
public record RcptParams(Set<Notify> notifyOn, Orcpt orcpt) {

    public static final RcptParams NONE = new RcptParams(Set.of(), null);

    public RcptParams {
        notifyOn = Set.copyOf(notifyOn);
    }

    /** The parameters in wire form, for relaying to a next hop that offers DSN. */
    public List<String> toWire() {
        List<String> out = new ArrayList<>(2);
        if (!notifyOn.isEmpty()) {
            out.add("NOTIFY=" + Notify.format(notifyOn));
        }
        if (orcpt != null) {
            out.add("ORCPT=" + orcpt.format());
        }
        return out;
    }
}
