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

/** Every message the inbox takes is accounted back exactly once; references are read again ahead, in order. */
class AtrnInboxTest {
    static AtrnMessage msg(int size) {
        Envelope e = new Envelope("m", "q", "a@b.example", null, null, null, size,
                List.of(new Envelope.Recipient("x@c.example")), null, null, null, false, Instant.now());
        return new AtrnMessage(DomainName.parse("c.example"), "s", "r", e, new byte[size]);
    }

    @Test
    void referencesAreReadAgainAheadOfTheSessionInOrderWithinTheWindow() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        Map<Long, CompletableFuture<AtrnMessage>> asked = new HashMap<>();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet,
                offset -> asked.computeIfAbsent(offset, o -> new CompletableFuture<>()), 70);
        inbox.onArrival(arrivals::incrementAndGet);
        AtrnMessage first = msg(10);
        inbox.message(first);
        inbox.reference(7, 20);
        inbox.reference(8, 30);
        inbox.reference(9, 40);
        assertThat(inbox.waiting()).isEqualTo(4);
        assertThat(inbox.references()).isEqualTo(3);
        assertThat(asked).isEmpty(); // nothing read again before the session polls
        assertThat(inbox.poll()).isSameAs(first);
        // read ahead while the session sends the first: 20 + 30 bytes fit the window of 70, 40 more do not
        assertThat(asked).containsOnlyKeys(7L, 8L);
        assertThat(inbox.poll()).isNull();
        assertThat(asked).containsOnlyKeys(7L, 8L); // asked once each
        AtrnMessage third = msg(30);
        int before = arrivals.get();
        asked.get(8L).complete(third);
        assertThat(arrivals.get()).isEqualTo(before + 1);
        assertThat(inbox.poll()).as("the order stays: 7 is not there yet").isNull();
        AtrnMessage second = msg(20);
        asked.get(7L).complete(second);
        assertThat(inbox.poll()).isSameAs(second);
        assertThat(asked).containsKey(9L); // 7 taken: the window has room for 9
        assertThat(inbox.poll()).isSameAs(third);
        asked.get(9L).completeExceptionally(new java.util.NoSuchElementException("gone"));
        // a record that is gone is skipped
        assertThat(inbox.poll()).isNull();
        assertThat(inbox.waiting()).isZero();
        inbox.reference(10, 40);
        inbox.reference(11, 40);
        assertThat(inbox.poll()).isNull();
        assertThat(asked).containsKey(10L).doesNotContainKey(11L); // the next one always, beyond the window none
        asked.get(10L).complete(msg(40));
        inbox.close();
        assertThat(released).as("read again but never taken: given back at the close").hasValue(40);
        assertThat(inbox.poll()).isNull();
        assertThat(asked).doesNotContainKey(11L);
    }

    @Test
    void aReferenceReadAgainAfterTheCloseIsGivenBackAtOnce() {
        AtomicLong released = new AtomicLong();
        Map<Long, CompletableFuture<AtrnMessage>> asked = new HashMap<>();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet,
                offset -> asked.computeIfAbsent(offset, o -> new CompletableFuture<>()), 1000);
        inbox.reference(3, 40);
        assertThat(inbox.poll()).isNull();
        inbox.close();
        asked.get(3L).complete(msg(40));
        assertThat(released).hasValue(40);
    }

    @Test
    void aReadThatIsAlreadyCompleteDoesNotCallBackFromInsideThePoll() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        AtrnMessage again = msg(40);
        AtrnMessage third = msg(40);
        Map<Long, CompletableFuture<AtrnMessage>> reads = new HashMap<>(Map.of(
                5L, CompletableFuture.completedFuture(again), 6L, new CompletableFuture<>()));
        AtrnInbox inbox = new AtrnInbox(released::addAndGet, reads::get, 1000);
        AtrnMessage first = msg(10);
        inbox.message(first);
        inbox.reference(5, 40);
        inbox.reference(6, 40);
        // the session's callback would send from inside its own poll (two sends at once)
        inbox.onArrival(arrivals::incrementAndGet);
        assertThat(inbox.poll()).isSameAs(first);
        assertThat(arrivals).as("no callback from inside the poll").hasValue(0);
        assertThat(inbox.poll()).isSameAs(again);
        assertThat(inbox.poll()).isNull();
        reads.get(6L).complete(third); // later, from elsewhere: the session is told
        assertThat(arrivals).hasValue(1);
        assertThat(inbox.poll()).isSameAs(third);
    }

    @Test
    void whenTheHeadIsReadAtOnceThePollReturnsIt() {
        AtrnMessage again = msg(40);
        AtomicInteger arrivals = new AtomicInteger();
        AtrnInbox inbox = new AtrnInbox(b -> { }, offset -> CompletableFuture.completedFuture(again), 1000);
        inbox.reference(5, 40);
        inbox.onArrival(arrivals::incrementAndGet);
        assertThat(inbox.poll()).isSameAs(again);
        assertThat(arrivals).hasValue(0);
    }

    @Test
    void aReadThatFailsAtOnceGoesOnToTheNextReference() {
        AtrnMessage next = msg(40);
        AtomicInteger arrivals = new AtomicInteger();
        Map<Long, CompletableFuture<AtrnMessage>> reads = Map.of(
                5L, CompletableFuture.failedFuture(new java.util.NoSuchElementException("gone")),
                6L, CompletableFuture.completedFuture(next));
        // a window of one message: 6 is only asked for once 5 is out of the way
        AtrnInbox inbox = new AtrnInbox(b -> { }, reads::get, 40);
        inbox.reference(5, 40);
        inbox.reference(6, 40);
        inbox.onArrival(arrivals::incrementAndGet);
        assertThat(inbox.poll()).isSameAs(next);
        assertThat(inbox.waiting()).isZero();
        assertThat(arrivals).hasValue(0);
    }

    @Test
    void accountsEachMessageOnce() {
        AtomicLong released = new AtomicLong();
        AtomicInteger arrivals = new AtomicInteger();
        AtrnInbox inbox = new AtrnInbox(released::addAndGet, offset -> CompletableFuture.failedFuture(new IllegalStateException()), 1000);
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
