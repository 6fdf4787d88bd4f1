package io.dequeue.edge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Limits AUTH guessing. Failures are counted per login and per client address, each in a sliding
 * window; an attempt reserves a slot in both counters <em>before</em> its asynchronous verdict,
 * so parallel attempts can never overshoot a limit. A counter that reaches its limit locks that
 * login or address for {@code lockout}. A success clears only its login's failures: the address
 * keeps its count, so correct logins to one's own gateway do not reset guessing at another.
 * Each failure earns a growing delay before its reply (see {@link Verdict#delay()}).
 *
 * <p>Memory is bounded: at most {@code maxTracked} logins and as many addresses are tracked;
 * when full, expired entries go first, then the least recently used. All state changes happen
 * under one monitor, held for microseconds, never across the verdict.
 */
public final class AuthThrottle {
    /** What is limited: the login (a gateway's domain) or the client address. */
    public enum Scope { LOGIN, ADDRESS }

    /** The limits. */
    public record Limits(int maxFailuresPerLogin, int maxFailuresPerAddress, Duration window, Duration lockout,
                         Duration baseDelay, Duration maxDelay, int maxTracked) {
        public Limits {
            if (maxFailuresPerLogin < 1 || maxFailuresPerAddress < 1 || maxTracked < 1) {
                throw new IllegalArgumentException("AUTH limits must be at least 1");
            }
            Objects.requireNonNull(window);
            Objects.requireNonNull(lockout);
            Objects.requireNonNull(baseDelay);
            Objects.requireNonNull(maxDelay);
        }
    }

    /** The answer to a request to try: a reserved slot, or a refusal because of a lockout or a full counter. */
    public sealed interface Permit {
    }

    /** Refused: {@code scope} is locked (or every slot is taken by failures and attempts in flight). */
    public record Refused(Scope scope) implements Permit {
    }

    /** A reserved slot; exactly one of {@link #succeeded()}, {@link #failed()} or {@link #abandoned()} ends it. */
    public final class Attempt implements Permit {
        private final FailureCounter login;
        private final FailureCounter address;
        private boolean ended;

        private Attempt(FailureCounter login, FailureCounter address) {
            this.login = login;
            this.address = address;
        }

        /** The credentials were right: the login's failures are forgotten, the address's are not. */
        public void succeeded() {
            synchronized (AuthThrottle.this) {
                if (end()) {
                    login.clearFailures();
                    forgetIdle();
                }
            }
        }

        /** The credentials were wrong: both counters count it; says how long to delay the reply and what it locked. */
        public Verdict failed() {
            synchronized (AuthThrottle.this) {
                if (!end()) {
                    return new Verdict(Duration.ZERO, false, false);
                }
                long now = clock.millis();
                boolean loginLocked = login.fail(now, limits.maxFailuresPerLogin(), limits.lockout().toMillis());
                boolean addressLocked = address.fail(now, limits.maxFailuresPerAddress(), limits.lockout().toMillis());
                int failures = Math.max(login.failures(), address.failures());
                return new Verdict(delayAfter(failures), loginLocked, addressLocked);
            }
        }

        /** No verdict (the check itself failed): the slot is given back and nothing is counted. */
        public void abandoned() {
            synchronized (AuthThrottle.this) {
                if (end()) {
                    forgetIdle();
                }
            }
        }

        private void forgetIdle() {
            long now = clock.millis();
            logins.forgetIfIdle(login, now);
            addresses.forgetIfIdle(address, now);
        }

        private boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            login.release();
            address.release();
            return true;
        }
    }

    /**
     * What a failure led to.
     *
     * @param delay how long to wait before answering {@code 535}
     * @param lockedLogin this failure started a lockout of the login
     * @param lockedAddress this failure started a lockout of the address
     */
    public record Verdict(Duration delay, boolean lockedLogin, boolean lockedAddress) {
    }

    private final Limits limits;
    private final Clock clock;
    private final TrackedCounters logins;
    private final TrackedCounters addresses;

    public AuthThrottle(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
        this.logins = new TrackedCounters(limits.maxTracked(), limits.window().toMillis());
        this.addresses = new TrackedCounters(limits.maxTracked(), limits.window().toMillis());
    }

    /**
     * Reserves a slot for one attempt of {@code login} from {@code address}, or refuses it when
     * either is locked or has no slot left (failures in the window plus attempts in flight).
     */
    public synchronized Permit tryAcquire(String login, String address) {
        long now = clock.millis();
        FailureCounter l = logins.get(login, now);
        FailureCounter a = addresses.get(address, now);
        if (!l.hasSlot(now, limits.maxFailuresPerLogin())) {
            return new Refused(Scope.LOGIN);
        }
        if (!a.hasSlot(now, limits.maxFailuresPerAddress())) {
            return new Refused(Scope.ADDRESS);
        }
        l.reserve();
        a.reserve();
        return new Attempt(l, a);
    }

    /** When the lockout of {@code key} in {@code scope} ends, or null when it is not locked. */
    public synchronized Instant lockedUntil(Scope scope, String key) {
        long until = (scope == Scope.LOGIN ? logins : addresses).lockedUntil(key, clock.millis());
        return until == 0 ? null : Instant.ofEpochMilli(until);
    }

    /** The delay before the reply to the {@code failures}-th failure: doubling from the base, capped. */
    Duration delayAfter(int failures) {
        if (failures <= 0 || limits.baseDelay().isZero()) {
            return Duration.ZERO;
        }
        long base = limits.baseDelay().toMillis();
        long max = limits.maxDelay().toMillis();
        int doublings = Math.min(failures - 1, 30);
        long delay = base > (max >> doublings) ? max : base << doublings;
        return Duration.ofMillis(Math.min(delay, max));
    }

    synchronized int trackedLogins() {
        return logins.size();
    }

    synchronized int trackedAddresses() {
        return addresses.size();
    }
}
