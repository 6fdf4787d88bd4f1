package io.dequeue.edge.odmr;

import io.dequeue.edge.kafka.AtrnMessage;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
    void referencesAreReadAgainInOrderWhenTheSessionGetsToThem() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        Map<Long, CompletableFuture<AtrnMessage>> asked = new HashMap<>();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet, offset -> asked.computeIfAbsent(offset, o -> new CompletableFuture<>()));
        inbox.onArrival(arrivals::incrementAndGet);
        AtrnMessage first = msg(10);
        inbox.message(first);
        inbox.reference(7, 20);
        inbox.reference(8, 30);
        inbox.reference(9, 40);
        assertThat(inbox.waiting()).isEqualTo(4);
        assertThat(inbox.references()).isEqualTo(3);
        assertThat(inbox.poll()).isSameAs(first);
        assertThat(asked).isEmpty(); // nothing read again before the session asks
        assertThat(inbox.poll()).isNull();
        assertThat(inbox.poll()).isNull();
        assertThat(asked).containsOnlyKeys(7L); // asked once, only for the head
        AtrnMessage second = msg(20);
        int before = arrivals.get();
        asked.get(7L).complete(second);
        assertThat(arrivals.get()).isEqualTo(before + 1);
        assertThat(inbox.poll()).isSameAs(second);
        assertThat(inbox.poll()).isNull();
        asked.get(8L).completeExceptionally(new java.util.NoSuchElementException("gone"));
        // a record that is gone is skipped; the next one is asked for
        assertThat(inbox.poll()).isNull();
        assertThat(asked).containsKey(9L);
        inbox.close();
        AtrnMessage late = msg(40);
        asked.get(9L).complete(late);
        assertThat(released).hasValue(40); // read again after the close: given back at once
    }

    @Test
    void accountsEachMessageOnce() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet, offset -> CompletableFuture.failedFuture(new IllegalStateException()));
        inbox.message(msg(10));
        inbox.onArrival(arrivals::incrementAndGet);
        inbox.message(msg(20));
        assertThat(arrivals).hasValue(1);
        AtrnMessage first = inbox.poll();
        inbox.done(first);
        assertThat(released).hasValue(10);
        inbox.close();
        assertThat(released).hasValue(30);
        inbox.message(msg(5));
        assertThat(released).hasValue(35);
        assertThat(inbox.poll()).isNull();
        inbox.close();
        assertThat(released).hasValue(35);
    }
}
