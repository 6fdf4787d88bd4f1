package io.dequeue.edge.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The AUTH throttle's limits, each with a test: per login, per address, in flight, lockout, delays, memory. */
class AuthThrottleTest {
    private static final String A = "a.example";
    private static final String B = "b.example";
    private static final String IP = "192.0.2.1";

    private final MutableClock clock = new MutableClock();

    private AuthThrottle throttle(int perLogin, int perAddress, int maxTracked) {
        return new AuthThrottle(new AuthThrottle.Limits(perLogin, perAddress, Duration.ofMinutes(15),
                Duration.ofMinutes(15), Duration.ofMillis(500), Duration.ofSeconds(8), maxTracked), clock);
    }

    @Test
    void alternatingGuessesAtAnotherLoginWithCorrectLoginsToOnesOwnStillLockTheOther() {
        AuthThrottle t = throttle(5, 10, 1000);
        int guesses = 0;
        for (int i = 0; i < 50; i++) {
            if (!(t.tryAcquire(B, IP) instanceof AuthThrottle.Attempt guess)) {
                break;
            }
            guess.failed();
            guesses++;
            if (t.tryAcquire(A, IP) instanceof AuthThrottle.Attempt own) {
                own.succeeded();
            }
        }
        assertThat(guesses).as("wrong guesses at B before B is locked").isEqualTo(5);
        assertThat(t.tryAcquire(B, IP)).isEqualTo(new AuthThrottle.Refused(AuthThrottle.Scope.LOGIN));
        // from another address too: the login itself is locked
        assertThat(t.tryAcquire(B, "198.51.100.7")).isEqualTo(new AuthThrottle.Refused(AuthThrottle.Scope.LOGIN));
        assertThat(t.lockedUntil(AuthThrottle.Scope.LOGIN, B)).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void aSuccessClearsItsLoginsFailuresButNotTheAddresses() {
        AuthThrottle t = throttle(5, 10, 1000);
        for (String login : List.of("c1.example", "c2.example", "c3.example", "c4.example", "c5.example",
                "c6.example", "c7.example", "c8.example", "c9.example")) {
            ((AuthThrottle.Attempt) t.tryAcquire(login, IP)).failed();
            ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).succeeded();
        }
        // nine failures from the address so far, each at a different login: one more locks the address
        AuthThrottle.Verdict tenth = ((AuthThrottle.Attempt) t.tryAcquire("c10.example", IP)).failed();
        assertThat(tenth.lockedAddress()).isTrue();
        assertThat(tenth.lockedLogin()).isFalse();
        assertThat(t.tryAcquire(A, IP)).isEqualTo(new AuthThrottle.Refused(AuthThrottle.Scope.ADDRESS));
        // A's own login is not locked: from elsewhere it still works
        assertThat(t.tryAcquire(A, "198.51.100.7")).isInstanceOf(AuthThrottle.Attempt.class);
    }

    @Test
    void aSuccessForgetsTheLoginsEarlierFailures() {
        AuthThrottle t = throttle(5, 100, 1000);
        for (int i = 0; i < 4; i++) {
            ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed();
        }
        ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).succeeded();
        for (int i = 0; i < 4; i++) {
            assertThat(((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed().lockedLogin()).isFalse();
        }
    }

    @Test
    void parallelWrongAttemptsNeverExceedTheLimit() throws Exception {
        AuthThrottle t = throttle(5, 10, 1000);
        int threads = 40;
        CyclicBarrier allAsked = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> verified = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<Boolean> c = () -> {
                AuthThrottle.Permit p = t.tryAcquire(B, IP);
                // every attempt asks before any verdict: the asynchronous check has not answered yet
                allAsked.await(10, TimeUnit.SECONDS);
                if (p instanceof AuthThrottle.Attempt a) {
                    a.failed();
                    return true;
                }
                return false;
            };
            verified.add(pool.submit(c));
        }
        int checked = 0;
        for (Future<Boolean> f : verified) {
            checked += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(checked).as("attempts that reached the password check").isEqualTo(5);
        assertThat(t.tryAcquire(B, IP)).isInstanceOf(AuthThrottle.Refused.class);
    }

    @Test
    void attemptsInFlightHoldTheirSlotUntilTheyEnd() {
        AuthThrottle t = throttle(2, 10, 1000);
        AuthThrottle.Attempt first = (AuthThrottle.Attempt) t.tryAcquire(A, IP);
        AuthThrottle.Attempt second = (AuthThrottle.Attempt) t.tryAcquire(A, IP);
        assertThat(t.tryAcquire(A, IP)).isEqualTo(new AuthThrottle.Refused(AuthThrottle.Scope.LOGIN));
        first.abandoned(); // the check itself failed: nothing counted, the slot is free again
        first.failed();    // a slot ends once
        assertThat(t.tryAcquire(A, IP)).isInstanceOf(AuthThrottle.Attempt.class);
        second.succeeded();
    }

    @Test
    void theLockoutEndsAfterItsTimeAndStartsAFreshCount() {
        AuthThrottle t = throttle(3, 10, 1000);
        for (int i = 0; i < 3; i++) {
            AuthThrottle.Verdict v = ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed();
            assertThat(v.lockedLogin()).isEqualTo(i == 2);
        }
        clock.advance(Duration.ofMinutes(14));
        assertThat(t.tryAcquire(A, "198.51.100.1")).isInstanceOf(AuthThrottle.Refused.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.lockedUntil(AuthThrottle.Scope.LOGIN, A)).isNull();
        AuthThrottle.Verdict again = ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed();
        assertThat(again.lockedLogin()).isFalse();
        assertThat(again.delay()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        AuthThrottle t = throttle(3, 10, 1000);
        ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed();
        ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed();
        clock.advance(Duration.ofMinutes(16));
        assertThat(((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed().lockedLogin()).isFalse();
    }

    @Test
    void delaysGrowWithEachFailureUpToTheCap() {
        AuthThrottle t = throttle(100, 100, 1000);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(((AuthThrottle.Attempt) t.tryAcquire(A, IP)).failed().delay());
        }
        assertThat(delays).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L);
        assertThat(t.delayAfter(0)).isZero();
        assertThat(t.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(8));
        // the larger of the two counts decides: a new login from a guessing address waits long too
        assertThat(((AuthThrottle.Attempt) t.tryAcquire(B, IP)).failed().delay()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void memoryIsBoundedWhateverNumberOfLoginsAndAddressesIsSprayed() {
        AuthThrottle t = throttle(5, 1_000_000, 500);
        for (int i = 0; i < 20_000; i++) {
            if (t.tryAcquire("spray" + i + ".example", "10.0." + (i / 256 % 256) + "." + (i % 256)) instanceof AuthThrottle.Attempt a) {
                a.failed();
            }
        }
        assertThat(t.trackedLogins()).isLessThanOrEqualTo(500);
        assertThat(t.trackedAddresses()).isLessThanOrEqualTo(500);
    }

    @Test
    void whenFullIdleEntriesAreEvictedBeforeALockedOne() {
        AuthThrottle t = new AuthThrottle(new AuthThrottle.Limits(2, 1_000_000, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 3), clock);
        ((AuthThrottle.Attempt) t.tryAcquire(B, IP)).failed();
        assertThat(((AuthThrottle.Attempt) t.tryAcquire(B, IP)).failed().lockedLogin()).isTrue();
        ((AuthThrottle.Attempt) t.tryAcquire("old1.example", IP)).failed();
        ((AuthThrottle.Attempt) t.tryAcquire("old2.example", IP)).failed();
        clock.advance(Duration.ofMinutes(2)); // old1's and old2's failures are out of the window; B is locked for an hour
        ((AuthThrottle.Attempt) t.tryAcquire("new1.example", IP)).failed();
        ((AuthThrottle.Attempt) t.tryAcquire("new2.example", IP)).failed();
        assertThat(t.trackedLogins()).isEqualTo(3);
        assertThat(t.lockedUntil(AuthThrottle.Scope.LOGIN, B)).isNotNull();
        assertThat(t.tryAcquire(B, IP)).isEqualTo(new AuthThrottle.Refused(AuthThrottle.Scope.LOGIN));
    }

    @Test
    void aSuccessfulAttemptLeavesNothingBehind() {
        AuthThrottle t = throttle(5, 10, 1000);
        ((AuthThrottle.Attempt) t.tryAcquire(A, IP)).succeeded();
        assertThat(t.trackedLogins()).isZero();
        assertThat(t.trackedAddresses()).isZero();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
