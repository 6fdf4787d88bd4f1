package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message the inbox takes is accounted back exactly once. */
class AtrnInboxTest {
    static AtrnMessage msg(int size) {
        Envelope e = new Envelope("m", "q", "a@b.example", null, null, null, size,
                List.of(new Envelope.Recipient("x@c.example")), null, null, null, false, Instant.now());
        return new AtrnMessage(DomainName.parse("c.example"), "s", "r", e, new byte[size]);
    }

    @Test
    void accountsEachMessageOnce() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet);
        inbox.offer(msg(10));
        inbox.onArrival(arrivals::incrementAndGet);
        inbox.offer(msg(20));
        assertThat(arrivals).hasValue(1);
        AtrnMessage first = inbox.poll();
        inbox.done(first);
        assertThat(released).hasValue(10);
        inbox.close();
        assertThat(released).hasValue(30);
        inbox.offer(msg(5));
        assertThat(released).hasValue(35);
        assertThat(inbox.poll()).isNull();
        inbox.close();
        assertThat(released).hasValue(35);
    }
}
