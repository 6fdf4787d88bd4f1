package io.dequeue.edge.dequeue;

/** At most {@code maxPerSession} requests in one session; the ones after that are refused. */
public final class SessionThrottle implements DequeueCheck {
    private final int maxPerSession;

    public SessionThrottle(int maxPerSession) {
        if (maxPerSession < 1) {
            throw new IllegalArgumentException("maxPerSession must be at least 1");
        }
        this.maxPerSession = maxPerSession;
    }

    @Override
    public CheckResult check(DequeueAsk ask) {
        return ask.requestsInSession() > maxPerSession ? CheckResult.deny(Denial.THROTTLED) : CheckResult.PASS;
    }
}
