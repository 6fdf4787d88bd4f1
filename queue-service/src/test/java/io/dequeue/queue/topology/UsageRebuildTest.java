package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.usage.UsageCounters;
import io.dequeue.queue.usage.UsageTracker;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage store has no changelog: a task that starts rebuilds every domain's counters from the
 * held messages, and they must equal what the running counters were at that moment.
 */
class UsageRebuildTest {
    private static final String A = "a.example";
    private static final String B = "a.example.org"; // sorts right after A's keys: no mix-up at the border
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    /** domain -> (held, bytes, in flight) of the usage store now. */
    private Map<String, List<Long>> counts() {
        KeyValueStore<String, UsageCounters> usage = q.driver.getKeyValueStore(QueueStores.USAGE);
        Map<String, List<Long>> r = new TreeMap<>();
        for (KeyValue<String, UsageCounters> kv : q.heldMail().allUsage()) {
            UsageCounters c = kv.value;
            if (c.heldCount() != 0 || c.heldBytes() != 0 || c.inFlight() != 0) {
                r.put(kv.key, List.of(c.heldCount(), c.heldBytes(), c.inFlight()));
            }
        }
        assertThat(usage.approximateNumEntries()).isGreaterThanOrEqualTo(r.size());
        return r;
    }

    private Map<String, List<Long>> rebuilt() {
        q.heldMail().rebuild();
        return counts();
    }

    @Test
    void rebuiltCountersEqualTheRunningOnesThroughAMessagesLife() {
        q.gateway(Gateways.etrnToRequester(A));
        q.gateway(Gateways.etrnToRequester(B));
        assertThat(rebuilt()).as("nothing held").isEmpty();

        List<Envelope> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(q.accept(A, "alice@example.com", "u" + i));
        }
        Envelope b = q.accept(B, "bob@example.com", "v");
        Map<String, List<Long>> held = counts();
        assertThat(held).containsOnlyKeys(A, B);
        assertThat(held.get(A)).containsExactly(5L, a.stream().mapToLong(Envelope::size).sum(), 0L);
        assertThat(rebuilt()).isEqualTo(held);

        q.etrn(A, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> released = q.drainReleased();
        assertThat(released).hasSize(5);
        Map<String, List<Long>> inFlight = counts();
        assertThat(inFlight.get(A).get(2)).isEqualTo(5L);
        assertThat(rebuilt()).isEqualTo(inFlight);

        for (TestRecord<String, byte[]> r : released.subList(0, 3)) {
            Envelope e = MailHeaders.envelope(r.headers());
            q.outcome(A, e.messageId(), MailHeaders.releaseId(r.headers()), delivered(e.recipients().get(0).address()));
        }
        Map<String, List<Long>> partly = counts();
        assertThat(partly.get(A)).containsExactly(2L, released.subList(3, 5).stream()
                .mapToLong(r -> MailHeaders.envelope(r.headers()).size()).sum(), 2L);
        assertThat(partly.get(B)).containsExactly(1L, b.size(), 0L);
        assertThat(rebuilt()).isEqualTo(partly);
    }

    @Test
    void aPublicationThatWaitedForItsThrottleStillGoesOutAfterARebuild() {
        q.gateway(Gateways.etrnToRequester(A));
        q.accept(A, "alice@example.com", "u1");
        assertThat(q.usages()).as("the first change is published at once").hasSize(1);
        q.advance(Duration.ofMillis(10));
        q.accept(A, "alice@example.com", "u2");
        assertThat(q.usages()).as("the second waits for the throttle interval").isEmpty();

        // A restart: the counters are rebuilt, what was published (and when) is forgotten.
        q.heldMail().rebuild();
        assertThat(q.heldMail().usage(A).lastEmittedAt()).isZero();
        q.advance(Duration.ofSeconds(1));
        List<QueueUsage> u = q.usages();
        assertThat(u).as("published when the pending deadline fell due").singleElement()
                .satisfies(x -> assertThat(x.heldCount()).isEqualTo(2));
    }

    @Test
    void aDueDeadlineOfAPublishedDomainPublishesNothingMore() {
        UsageTracker tracker = new UsageTracker(q.heldMail(), (usage, now) -> {
            throw new AssertionError("published again: " + usage);
        }, 1000);
        q.heldMail().putUsage(A, UsageCounters.EMPTY.plus(1, 10, 0).emitted(5));
        tracker.due(A, 2000);
        assertThat(q.heldMail().usage(A).lastEmittedAt()).isEqualTo(5);
    }
}
