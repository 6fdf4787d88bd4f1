package io.dequeue.edge.dequeue;

/** The domain is a configured gateway. */
public final class GatewayKnown implements DequeueCheck {
    @Override
    public CheckResult check(DequeueAsk ask) {
        return ask.gateway().isPresent() ? CheckResult.PASS : CheckResult.deny(Denial.UNKNOWN_DOMAIN);
    }
}
