package io.dequeue.edge.policy;

import io.dequeue.smtp.reply.Replies;

/**
 * A gateway that holds its quota of messages or bytes (from the usage queue-service publishes)
 * takes no more mail for now: {@code 452 4.2.2}, a temporary refusal, so senders retry after the
 * domain dequeued. (PROTOCOL.md names {@code 452 4.3.1} for this; the 4.2.2 "mailbox full"
 * is used, since the quota is per domain, not for the whole system.)
 */
public final class QuotaAvailable implements RecipientCheck {
    public static final String RULE = "quota";

    private final UsageLookup usage;

    public QuotaAvailable(UsageLookup usage) {
        this.usage = usage;
    }

    @Override
    public Verdict check(RecipientRequest r) {
        if (r.gateway().isEmpty() || r.domain().isEmpty()) {
            return Verdict.ACCEPT;
        }
        var quotas = r.gateway().get().quotas();
        boolean full = usage.usage(r.domain().get())
                .map(u -> quotas.isFull(u.heldCount(), u.heldBytes()))
                .orElse(false);
        return full ? Verdict.refuse(RULE, Replies.MAILBOX_FULL) : Verdict.ACCEPT;
    }
}
