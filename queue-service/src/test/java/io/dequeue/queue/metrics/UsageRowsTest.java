package io.dequeue.queue.metrics;

import io.dequeue.queue.admin.Views;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsageRowsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final List<Views.DomainUsage> USAGE = List.of(
            new Views.DomainUsage("a.example", 3, 3000, NOW.minus(Duration.ofHours(6)), 1),
            new Views.DomainUsage("b.example", 2, 500, NOW.minus(Duration.ofDays(1)), 0),
            new Views.DomainUsage("c.example", 0, 0, null, 2));
    private static final Map<String, Duration> MAX_HOLD = Map.of("a.example", Duration.ofHours(8),
            "b.example", Duration.ofDays(7), "c.example", Duration.ofDays(7));

    @Test
    void oneRowPerDomainWithItsAgeAndHoldRatio() {
        List<UsageRows.Row> rows = UsageRows.of(USAGE, MAX_HOLD::get, NOW, true);
        assertThat(rows).containsExactly(
                new UsageRows.Row("a.example", 3, 3000, 6 * 3600, 1, 0.75),
                new UsageRows.Row("b.example", 2, 500, 86400, 0, 1.0 / 7),
                new UsageRows.Row("c.example", 0, 0, 0, 2, 0));
    }

    @Test
    void withoutTheDomainLabelOneRowOfTotalsAndTheWorstAgeAndRatio() {
        assertThat(UsageRows.of(USAGE, MAX_HOLD::get, NOW, false))
                .containsExactly(new UsageRows.Row(null, 5, 3500, 86400, 3, 0.75));
    }

    @Test
    void nothingHeldGivesNoDomainRowsButAZeroTotal() {
        assertThat(UsageRows.of(List.of(), d -> Duration.ofDays(7), NOW, true)).isEmpty();
        assertThat(UsageRows.of(List.of(), d -> Duration.ofDays(7), NOW, false))
                .containsExactly(new UsageRows.Row(null, 0, 0, 0, 0, 0));
    }

    @Test
    void aClockBehindTheMessageGivesAgeZeroNotNegative() {
        List<UsageRows.Row> rows = UsageRows.of(List.of(new Views.DomainUsage("a.example", 1, 10,
                NOW.plusSeconds(5), 0)), d -> Duration.ofDays(7), NOW, true);
        assertThat(rows.get(0).oldestAgeSeconds()).isZero();
        assertThat(rows.get(0).holdRatio()).isZero();
    }
}
