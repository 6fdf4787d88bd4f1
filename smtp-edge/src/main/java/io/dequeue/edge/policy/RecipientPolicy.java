package io.dequeue.edge.policy;

import java.util.List;

/** The recipient checks in order; the first refusal decides. */
public final class RecipientPolicy {
    private final List<RecipientCheck> checks;

    public RecipientPolicy(List<RecipientCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Relay, recipient list, size, quota: the edge's rules for every RCPT TO. */
    public static RecipientPolicy standard(UsageLookup usage) {
        return new RecipientPolicy(List.of(new GatewayDomain(), new KnownRecipient(), new SizeWithinLimit(),
                new QuotaAvailable(usage)));
    }

    public Verdict evaluate(RecipientRequest request) {
        for (RecipientCheck c : checks) {
            Verdict v = c.check(request);
            if (!v.accepted()) {
                return v;
            }
        }
        return Verdict.ACCEPT;
    }
}
