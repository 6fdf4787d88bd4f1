package io.dequeue.edge.policy;

import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.smtp.reply.Replies;

import java.util.Collection;

/**
 * The declared {@code SIZE} must fit the smallest limit of every gateway in the transaction (one
 * message is stored for all its recipients): {@code 552 5.3.4} otherwise. The real size is held
 * against the same limit at the end of DATA.
 */
public final class SizeWithinLimit implements RecipientCheck {
    public static final String RULE = "size";

    @Override
    public Verdict check(RecipientRequest r) {
        if (r.declaredSize() == null || r.gateway().isEmpty()) {
            return Verdict.ACCEPT;
        }
        long limit = Math.min(smallestLimit(r.accepted(), r.globalLimit()),
                r.gateway().get().effectiveMaxMessageSize(r.globalLimit()));
        return r.declaredSize() <= limit ? Verdict.ACCEPT : Verdict.refuse(RULE, Replies.MESSAGE_TOO_BIG);
    }

    /** The size limit a message for all these gateways must keep. */
    public static long smallestLimit(Collection<GatewaySettings> gateways, long globalLimit) {
        long limit = globalLimit;
        for (GatewaySettings g : gateways) {
            limit = Math.min(limit, g.effectiveMaxMessageSize(globalLimit));
        }
        return limit;
    }
}
