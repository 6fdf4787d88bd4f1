package io.dequeue.fetch.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullScheduleTest {
    private static final ScheduleSettings S = new ScheduleSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(100));

    @Test
    void firstPullComesWithinTheJitterSoUpstreamsStartedTogetherSpreadOut() {
        assertThat(new PullSchedule(S, () -> 0.0).first()).isZero();
        assertThat(new PullSchedule(S, () -> 0.5).first()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void afterASuccessTheIntervalPlusARandomPartOfTheJitter() {
        assertThat(new PullSchedule(S, () -> 0.0).afterSuccess()).isEqualTo(Duration.ofMinutes(5));
        assertThat(new PullSchedule(S, () -> 0.25).afterSuccess()).isEqualTo(Duration.ofSeconds(307, 500_000_000));
        assertThat(new PullSchedule(S, () -> 0.999).afterSuccess()).isLessThan(Duration.ofSeconds(330));
    }

    @Test
    void failuresDoubleTheBackoffUpToTheCapAndASuccessStartsOver() {
        PullSchedule p = new PullSchedule(S, () -> 0.0);
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(80));
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(100));
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(100));
        assertThat(p.consecutiveFailures()).isEqualTo(6);

        assertThat(p.afterSuccess()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.consecutiveFailures()).isZero();
        assertThat(p.afterFailure()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theCapHoldsAfterVeryManyFailuresWithoutOverflow() {
        PullSchedule p = new PullSchedule(new ScheduleSettings(Duration.ofMinutes(1), Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofHours(1)), () -> 0.0);
        Duration last = null;
        for (int i = 0; i < 10_000; i++) {
            last = p.afterFailure();
        }
        assertThat(last).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theBackoffGetsTheJitterToo() {
        assertThat(new PullSchedule(S, () -> 0.5).afterFailure()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void aRandomSourceOutsideZeroToOneIsABug() {
        assertThatThrownBy(() -> new PullSchedule(S, () -> 1.0).first()).isInstanceOf(IllegalStateException.class);
    }
}
