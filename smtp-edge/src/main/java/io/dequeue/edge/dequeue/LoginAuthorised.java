package io.dequeue.edge.dequeue;

import io.dequeue.model.settings.GatewayRecord;

import java.util.function.Predicate;

/**
 * AUTH as the gateway's login (or one it authorises), when the gateway requires it: not
 * authenticated is {@link Denial#AUTH_REQUIRED}, authenticated as someone else
 * {@link Denial#NOT_AUTHORISED}.
 */
public final class LoginAuthorised implements DequeueCheck {
    private final Predicate<GatewayRecord> required;

    private LoginAuthorised(Predicate<GatewayRecord> required) {
        this.required = required;
    }

    /** ETRN: as the gateway's "require AUTH for ETRN" setting says. */
    public static LoginAuthorised forEtrn() {
        return new LoginAuthorised(g -> g.settings().etrn().requireAuth());
    }

    /** ATRN: always. */
    public static LoginAuthorised always() {
        return new LoginAuthorised(g -> true);
    }

    @Override
    public CheckResult check(DequeueAsk ask) {
        boolean needed = ask.gateway().map(required::test).orElse(true);
        if (!needed) {
            return CheckResult.PASS;
        }
        if (!ask.authenticated()) {
            return CheckResult.deny(Denial.AUTH_REQUIRED);
        }
        return ask.loginAuthorised() ? CheckResult.PASS : CheckResult.deny(Denial.NOT_AUTHORISED);
    }
}
