package io.dequeue.edge.dequeue;

/**
 * The gateway's dequeue IP lists: an address in the ignore list is always refused; a non-empty
 * honor list admits only its networks, unless "authenticated requests are valid from any IP" and
 * the session authenticated as a login this gateway authorises.
 */
public final class AddressAllowed implements DequeueCheck {
    @Override
    public CheckResult check(DequeueAsk ask) {
        boolean allowed = ask.gateway()
                .map(g -> g.settings().access().allows(ask.client(), ask.loginAuthorised()))
                .orElse(false);
        return allowed ? CheckResult.PASS : CheckResult.deny(Denial.ADDRESS_REFUSED);
    }
}
