package io.dequeue.edge.dequeue;

import java.util.Objects;

/** The gateway answers this service (its "accepts ETRN" / "accepts ATRN" setting). */
public final class ServiceEnabled implements DequeueCheck {
    private final DequeueService service;

    public ServiceEnabled(DequeueService service) {
        this.service = Objects.requireNonNull(service);
    }

    @Override
    public CheckResult check(DequeueAsk ask) {
        boolean on = ask.gateway().map(g -> service.enabledIn(g.settings())).orElse(false);
        return on ? CheckResult.PASS : CheckResult.deny(Denial.SERVICE_OFF);
    }
}
