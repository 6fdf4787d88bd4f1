package io.dequeue.delivery.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsOnlyPastTheOldestUnfinishedOffset() {
        OffsetTracker t = new OffsetTracker();
        for (long o = 10; o < 15; o++) {
            t.add(o);
        }
        t.complete(12);
        t.complete(11);
        assertThat(t.advance()).isEmpty();
        t.complete(10);
        assertThat(t.advance()).hasValue(13);
        assertThat(t.advance()).isEmpty();
        t.complete(14);
        assertThat(t.advance()).isEmpty();
        t.complete(13);
        assertThat(t.advance()).hasValue(15);
        assertThat(t.inFlight()).isZero();
    }
}
