package io.dequeue.edge.policy;

import io.dequeue.smtp.reply.Replies;

/**
 * Mail is accepted only for configured gateway domains: anything else is relaying, refused with
 * {@code 550 5.7.1} whatever the client's address or AUTH.
 */
public final class GatewayDomain implements RecipientCheck {
    public static final String RULE = "relay";

    @Override
    public Verdict check(RecipientRequest r) {
        return r.gateway().isPresent() ? Verdict.ACCEPT : Verdict.refuse(RULE, Replies.RELAY_DENIED);
    }
}
