package io.dequeue.model.settings;

import io.dequeue.model.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotasTest {

    @Test
    void unlimitedByDefault() {
        assertThat(Quotas.UNLIMITED.maxMessages()).isZero();
        assertThat(Quotas.UNLIMITED.maxBytes()).isZero();
        assertThat(new Quotas(null, null)).isEqualTo(Quotas.UNLIMITED);
        assertThat(Quotas.UNLIMITED.isFull(Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    }

    @ParameterizedTest(name = "max {0} msgs / {1} bytes, holding {2} / {3}: full={4}")
    @CsvSource(delimiter = '|', textBlock = """
            10 | 0    | 9  | 999999 | false
            10 | 0    | 10 | 0      | true
            10 | 0    | 11 | 0      | true
            0  | 1000 | 99 | 999    | false
            0  | 1000 | 0  | 1000   | true
            10 | 1000 | 9  | 1000   | true
            10 | 1000 | 10 | 0      | true
            10 | 1000 | 9  | 999    | false
            """)
    void fullWhenEitherLimitIsReached(long maxMessages, long maxBytes, long count, long bytes, boolean full) {
        assertThat(new Quotas(maxMessages, maxBytes).isFull(count, bytes)).isEqualTo(full);
    }

    @Test
    void negativeQuotasAreRejected() {
        assertThatThrownBy(() -> new Quotas(-1L, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new Quotas(null, -1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTrip() {
        Quotas q = new Quotas(500L, 1L << 30);
        assertThat(Json.writeString(q)).isEqualTo("{\"maxMessages\":500,\"maxBytes\":1073741824}");
        assertThat(Json.read(Json.writeString(q), Quotas.class)).isEqualTo(q);
        assertThat(Json.read("{}", Quotas.class)).isEqualTo(Quotas.UNLIMITED);
    }
}
