package io.dequeue.fetch.daemon;

import io.dequeue.fetch.ExitStatus;
import io.dequeue.fetch.HostPort;
import io.dequeue.fetch.PullResult;
import io.dequeue.fetch.StopSignal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop with a scripted runner, a recording waiter and a fixed clock and random: nothing sleeps. */
class UpstreamLoopTest {
    static final ScheduleSettings S = new ScheduleSettings(Duration.ofMinutes(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(2));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    static UpstreamConfig odmr(String name) {
        return new UpstreamConfig(name, UpstreamConfig.Mode.ODMR, new HostPort("odmr.example.net", 366), null, null, null,
                "example.com", PasswordSource.ofEnv("PW"), null, List.of("example.com"), new HostPort("127.0.0.1", 25),
                false, null, null, false, S);
    }

    static PullResult result(int status, long messages) {
        return new PullResult(status, messages, messages, 0, 0, messages * 4096, Duration.ofMillis(250),
                status == 0 ? "250 OK now reversing the connection" : "451 busy");
    }

    /** Records the delays and lets the loop go on for a number of waits. */
    static final class RecordingWaiter implements Waiter {
        final List<Duration> delays = new ArrayList<>();
        int allowed;

        RecordingWaiter(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public boolean await(Duration delay) {
            delays.add(delay);
            return allowed-- > 0;
        }
    }

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final DaemonLog log = new DaemonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), CLOCK);
    private final DaemonMetrics metrics = new DaemonMetrics();

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void successesKeepTheIntervalFailuresBackOffAndEveryPullIsLoggedWithItsCounts() {
        Deque<PullResult> script = new ArrayDeque<>(List.of(result(0, 12), result(ExitStatus.UPSTREAM_TEMPORARY, 0),
                result(ExitStatus.CONNECTION, 0), result(ExitStatus.LOCAL_FAILED, 0), result(ExitStatus.CONNECTION, 0),
                result(0, 3)));
        List<UpstreamConfig> seen = new ArrayList<>();
        PullRunner runner = (u, stop) -> {
            seen.add(u);
            return script.removeFirst();
        };
        RecordingWaiter waiter = new RecordingWaiter(6);
        metrics.register("a", "odmr");

        new UpstreamLoop(odmr("a"), runner, new PullSchedule(S, () -> 0.5), waiter, new StopSignal(), metrics, log, CLOCK).run();

        assertThat(seen).hasSize(6).allSatisfy(u -> assertThat(u.name()).isEqualTo("a"));
        assertThat(waiter.delays).containsExactly(
                Duration.ofSeconds(5),                 // first: half the jitter
                Duration.ofSeconds(305),               // success: interval + half the jitter
                Duration.ofSeconds(35),                // 1st failure: backoff-initial
                Duration.ofSeconds(65),                // 2nd: doubled
                Duration.ofSeconds(125),               // 3rd: capped at 2 min
                Duration.ofSeconds(125),               // 4th: still the cap
                Duration.ofSeconds(305));              // success again: the interval
        assertThat(log()).contains("2026-12-02T10:00:00Z INFO name=a mode=odmr status=0 (ok) messages=12 accepted=12"
                + " deferred=0 rejected=0 bytes=49152 elapsed=250ms").contains("next=5m05s");
        assertThat(log()).contains("WARN name=a mode=odmr status=5 (upstream refused temporarily)")
                .contains("failures-in-a-row=4 next=2m05s");
        String scrape = metrics.scrape();
        assertThat(scrape).contains("dequeue_fetch_pulls_total{upstream=\"a\",mode=\"odmr\"} 6\n")
                .contains("dequeue_fetch_messages_total{upstream=\"a\",mode=\"odmr\"} 15\n")
                .contains("dequeue_fetch_pull_failures_total{upstream=\"a\",mode=\"odmr\",exit_status=\"3\"} 2\n")
                .contains("dequeue_fetch_pull_failures_total{upstream=\"a\",mode=\"odmr\",exit_status=\"5\"} 1\n")
                .contains("dequeue_fetch_pull_failures_total{upstream=\"a\",mode=\"odmr\",exit_status=\"7\"} 1\n")
                .contains("dequeue_fetch_consecutive_failures{upstream=\"a\",mode=\"odmr\"} 0\n")
                .contains("dequeue_fetch_last_success_timestamp_seconds{upstream=\"a\",mode=\"odmr\"} 1796205600\n");
    }

    @Test
    void aStopDuringAPullEndsTheLoopAfterThatPullWithoutWaitingAgain() {
        StopSignal stop = new StopSignal();
        RecordingWaiter waiter = new RecordingWaiter(100);
        metrics.register("a", "odmr");
        PullRunner runner = (u, s) -> {
            s.request(); // SIGTERM arrives while the pull runs; the pull finishes its message
            return result(ExitStatus.INTERRUPTED, 1);
        };

        new UpstreamLoop(odmr("a"), runner, new PullSchedule(S, () -> 0.0), waiter, stop, metrics, log, CLOCK).run();

        assertThat(waiter.delays).hasSize(1);
        assertThat(log()).contains("status=8 (interrupted) messages=1").contains("(stopping)");
        assertThat(metrics.scrape()).contains("dequeue_fetch_pull_failures_total{upstream=\"a\",mode=\"odmr\",exit_status=\"8\"} 1\n");
    }

    @Test
    void aPullThatReturnsNormallyAfterTheStopAlsoEndsTheLoop() {
        StopSignal stop = new StopSignal();
        RecordingWaiter waiter = new RecordingWaiter(100);
        metrics.register("a", "odmr");
        PullRunner runner = (u, s) -> {
            s.request();
            return result(0, 2); // e.g. the last message was the end of the session anyway
        };

        new UpstreamLoop(odmr("a"), runner, new PullSchedule(S, () -> 0.0), waiter, stop, metrics, log, CLOCK).run();

        assertThat(waiter.delays).hasSize(1);
        assertThat(log()).contains("status=0 (ok) messages=2").contains("(stopping)");
    }

    @Test
    void aBugInAPullCountsAsAFailureAndTheScheduleGoesOn() {
        RecordingWaiter waiter = new RecordingWaiter(2);
        metrics.register("a", "odmr");
        Deque<Boolean> explode = new ArrayDeque<>(List.of(true, false));
        PullRunner runner = (u, s) -> {
            if (explode.removeFirst()) {
                throw new IllegalStateException("boom");
            }
            return result(0, 1);
        };

        new UpstreamLoop(odmr("a"), runner, new PullSchedule(S, () -> 0.0), waiter, new StopSignal(), metrics, log, CLOCK).run();

        assertThat(waiter.delays).containsExactly(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(log()).contains("internal error: IllegalStateException");
    }
}
