package io.dequeue.queue.store;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {
    @Test
    void stateKeysOfADomainFormOneRangeInSequenceOrder() {
        String a = StateKey.of("a.example", 5);
        assertThat(a).isEqualTo("a.example\u00000000000000000000005");
        assertThat(StateKey.domain(a)).isEqualTo("a.example");
        assertThat(StateKey.sequence(a)).isEqualTo(5);
        assertThat(StateKey.after(a)).isEqualTo(StateKey.of("a.example", 6));
        // byte order: every key of a.example lies between first and last; a.example.net and b.example do not
        List<byte[]> inside = List.of(StateKey.of("a.example", 0).getBytes(), StateKey.of("a.example", 9).getBytes(),
                StateKey.of("a.example", Long.MAX_VALUE).getBytes());
        List<byte[]> outside = List.of(StateKey.of("a.example.net", 1).getBytes(), StateKey.of("b.example", 1).getBytes(),
                StateKey.of("a.exampl", 1).getBytes(), StateKey.of("0a.example", 1).getBytes());
        Bytes first = Bytes.wrap(StateKey.first("a.example").getBytes());
        Bytes last = Bytes.wrap(StateKey.last("a.example").getBytes());
        for (byte[] k : inside) {
            assertThat(Bytes.wrap(k).compareTo(first)).isGreaterThanOrEqualTo(0);
            assertThat(Bytes.wrap(k).compareTo(last)).isLessThanOrEqualTo(0);
        }
        for (byte[] k : outside) {
            Bytes b = Bytes.wrap(k);
            assertThat(b.compareTo(first) < 0 || b.compareTo(last) > 0).as(new String(k)).isTrue();
        }
        assertThat(Bytes.wrap(StateKey.of("a.example", 10).getBytes()))
                .isGreaterThan(Bytes.wrap(StateKey.of("a.example", 9).getBytes()));
        assertThatThrownBy(() -> StateKey.of("a.example", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadlinesSortByTimeThenKindAndRoundTrip() {
        DeadlineKey lease = new DeadlineKey(1000, DeadlineKey.Kind.LEASE, StateKey.of("a.example", 1));
        DeadlineKey expiry = new DeadlineKey(1000, DeadlineKey.Kind.EXPIRY, StateKey.of("a.example", 1));
        DeadlineKey later = new DeadlineKey(1001, DeadlineKey.Kind.GRANT, "a.example\u0000s");
        DeadlineKey farLater = new DeadlineKey(1L << 41, DeadlineKey.Kind.USAGE, "a.example");
        List<Bytes> sorted = new ArrayList<>(List.of(farLater.toBytes(), expiry.toBytes(), later.toBytes(), lease.toBytes()));
        sorted.sort(Bytes::compareTo);
        assertThat(sorted).containsExactly(lease.toBytes(), expiry.toBytes(), later.toBytes(), farLater.toBytes());
        assertThat(DeadlineKey.from(lease.toBytes())).isEqualTo(lease);
        assertThat(DeadlineKey.from(farLater.toBytes())).isEqualTo(farLater);
        // due by 1000: the two at 1000, not the one at 1001
        Bytes dueBy = DeadlineKey.dueBy(1000);
        assertThat(lease.toBytes().compareTo(dueBy)).isNegative();
        assertThat(expiry.toBytes().compareTo(dueBy)).isNegative();
        assertThat(later.toBytes().compareTo(dueBy)).isPositive();
        assertThat(DeadlineKey.lowest().compareTo(lease.toBytes())).isNegative();
    }
}
