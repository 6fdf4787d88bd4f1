package io.dequeue.queue.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseBatchTest {
    @Test
    void theRefReadsBackAndBoundsTheBatchsRangeOfItsDomain() {
        LeaseBatch b = new LeaseBatch("xn--bcher-kva.example", "d2a8f4c6-1e3b-4d5a-9f7c-8b6e0a2c4e11", 7, 7)
                .with(1042).with(9);
        assertThat(LeaseBatch.parse(b.ref())).isEqualTo(b);
        assertThat(b.firstSequence()).isEqualTo(7);
        assertThat(b.lastSequence()).isEqualTo(1042);
        assertThat(b.firstKey()).isEqualTo(StateKey.of("xn--bcher-kva.example", 7));
        assertThat(b.lastKey()).isEqualTo(StateKey.of("xn--bcher-kva.example", 1042));
        DeadlineKey k = new DeadlineKey(1000, DeadlineKey.Kind.BATCH_LEASE, b.ref());
        assertThat(DeadlineKey.from(k.toBytes())).isEqualTo(k);
    }

    @Test
    void aLeaseEndsBeforeAnExpiryOfTheSameMillisecond() {
        DeadlineKey lease = new DeadlineKey(1000, DeadlineKey.Kind.BATCH_LEASE,
                new LeaseBatch("a.example", "r", 1, 1).ref());
        DeadlineKey expiry = new DeadlineKey(1000, DeadlineKey.Kind.EXPIRY, StateKey.of("a.example", 1));
        assertThat(lease.toBytes().compareTo(expiry.toBytes())).isNegative();
    }

    @Test
    void whatIsNotALeaseBatchIsRefused() {
        assertThatThrownBy(() -> LeaseBatch.parse(StateKey.of("a.example", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseBatch("a.example", "r", 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
