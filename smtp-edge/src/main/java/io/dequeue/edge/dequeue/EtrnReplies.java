package io.dequeue.edge.dequeue;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;

import java.util.List;

/** Turns refusals and queue-service's answers into the RFC 1985 replies (texts from the one catalogue). */
public final class EtrnReplies {
    /** One text for both, so the reply does not tell a configured gateway from an unknown name. */
    static final String NO_ETRN_SERVICE = "no ETRN service for this node";
    static final String ADDRESS_REFUSED = "not accepted from your address";
    static final String NOT_AUTHORISED = "your login may not dequeue it";
    static final String NOTHING_UNDER_IT = "no node under it that you may dequeue";
    static final String TOO_MANY_UNDER_IT = "too many nodes under it, ask for each node";

    private EtrnReplies() {
    }

    /** The reply to an ETRN refused at the door. */
    public static Reply refusal(String node, Denial denial) {
        return switch (denial) {
            case UNKNOWN_DOMAIN, SERVICE_OFF -> Replies.etrnNodeNotAllowed(node, NO_ETRN_SERVICE);
            case ADDRESS_REFUSED -> Replies.etrnNodeNotAllowed(node, ADDRESS_REFUSED);
            case AUTH_REQUIRED -> Replies.ETRN_AUTH_REQUIRED;
            case NOT_AUTHORISED -> Replies.etrnNodeNotAllowed(node, NOT_AUTHORISED);
            case THROTTLED -> Replies.etrnUnableToQueue(node);
        };
    }

    /** {@code ETRN @domain} with no gateway under it that this client may dequeue. */
    public static Reply nothingUnder(String node) {
        return Replies.etrnNodeNotAllowed(node, NOTHING_UNDER_IT);
    }

    /** {@code ETRN @domain} that would expand to more gateways than one command may start. */
    public static Reply tooManyUnder(String node) {
        return Replies.etrnNodeNotAllowed(node, TOO_MANY_UNDER_IT);
    }

    /**
     * The reply to an ETRN whose requests went out, from the result of each domain's request
     * ({@code ETRN @domain} sums its domains).
     */
    public static Reply answer(String node, List<EtrnResult> results) {
        if (results.isEmpty() || results.stream().allMatch(r -> r instanceof EtrnResult.NotSent)) {
            return Replies.etrnUnableToQueue(node);
        }
        if (results.stream().allMatch(r -> r instanceof EtrnResult.Refused)) {
            return Replies.etrnNodeNotAllowed(node, NO_ETRN_SERVICE);
        }
        if (results.stream().anyMatch(r -> r instanceof EtrnResult.NoAnswer)) {
            return Replies.etrnQueuingStarted(node);
        }
        long released = results.stream().mapToLong(r -> r instanceof EtrnResult.Released x ? x.count() : 0).sum();
        if (released > 0) {
            return Replies.etrnPendingCount(released, node);
        }
        if (results.stream().anyMatch(r -> r instanceof EtrnResult.InFlight)) {
            return Replies.etrnPendingStarted(node);
        }
        if (results.stream().anyMatch(r -> r instanceof EtrnResult.NotSent)) {
            return Replies.etrnUnableToQueue(node);
        }
        return Replies.etrnNoMessages(node);
    }
}
