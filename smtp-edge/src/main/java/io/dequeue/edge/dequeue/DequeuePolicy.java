package io.dequeue.edge.dequeue;

import java.util.List;

/** Access checks applied in order; the first refusal decides. */
public final class DequeuePolicy {
    private final List<DequeueCheck> checks;

    public DequeuePolicy(List<DequeueCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * ETRN, in the order of the ETRN rules: a gateway with ETRN on, its IP lists, AUTH when it
     * requires it, then the per-session throttle.
     */
    public static DequeuePolicy etrn(int maxPerSession) {
        return new DequeuePolicy(List.of(new GatewayKnown(), new ServiceEnabled(DequeueService.ETRN),
                new AddressAllowed(), LoginAuthorised.forEtrn(), new SessionThrottle(maxPerSession)));
    }

    /** ATRN: a gateway with ATRN on, its IP lists, and always the login's authorisation. */
    public static DequeuePolicy atrn() {
        return new DequeuePolicy(List.of(new GatewayKnown(), new ServiceEnabled(DequeueService.ATRN),
                new AddressAllowed(), LoginAuthorised.always()));
    }

    /** The same checks without those of the given kinds (e.g. to apply a session-wide throttle once). */
    public DequeuePolicy without(Class<? extends DequeueCheck> kind) {
        return new DequeuePolicy(checks.stream().filter(c -> !kind.isInstance(c)).toList());
    }

    public CheckResult evaluate(DequeueAsk ask) {
        for (DequeueCheck c : checks) {
            CheckResult r = c.check(ask);
            if (!r.passed()) {
                return r;
            }
        }
        return CheckResult.PASS;
    }
}
