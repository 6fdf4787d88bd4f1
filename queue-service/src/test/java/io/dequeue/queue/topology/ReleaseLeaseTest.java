package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static io.dequeue.queue.topology.QueueDriver.transientFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release batch's lease is one deadline for the whole batch, not one per message: what a
 * delivered message costs in changelog records (only its state's), and what happens when such a
 * lease runs out.
 */
class ReleaseLeaseTest {
    private static final String D = "example.net";
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    private List<Envelope> hold(int n) {
        List<Envelope> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(q.accept(D, "alice@example.com", "r" + i));
        }
        return r;
    }

    private List<TestRecord<byte[], byte[]>> changelog(String store) {
        String topic = "dequeue-queue-test-" + store + "-changelog";
        if (!q.driver.producedTopicNames().contains(topic)) {
            return List.of();
        }
        return q.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    @Test
    void aReleaseBatchOfFiftyHasOneLeaseDeadline() {
        q.gateway(Gateways.etrnToRequester(D));
        hold(50);
        q.etrn(D, "192.0.2.25", 0);
        assertThat(q.drainReleased()).hasSize(50);
        assertThat(q.messageDeadlines()).filteredOn(d -> d.kind() != DeadlineKey.Kind.EXPIRY).hasSize(1);
    }

    @Test
    void aDeliveredMessageWritesThreeChangelogRecordsAllOfItsState() {
        q.gateway(Gateways.etrnToRequester(D));
        q.drainAll();
        int n = 80;
        List<Envelope> held = hold(n);
        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> released = q.drainReleased();
        assertThat(released).hasSize(n);
        String releaseId = MailHeaders.releaseId(released.get(0).headers());
        for (Envelope e : held) {
            q.outcome(D, e.messageId(), releaseId, delivered(e.recipients().get(0).address()));
        }
        q.advance(Duration.ofMinutes(10).plusSeconds(1)); // the batch's lease deadline falls due, finds nothing
        assertThat(q.messageDeadlines()).isEmpty();
        assertThat(q.count(QueueStores.MESSAGES)).isZero();
        assertThat(q.count(QueueStores.INDEX)).isZero();
        Map<String, List<TestRecord<byte[], byte[]>>> logs = new TreeMap<>();
        for (String store : QueueStores.QUEUE_STORES) {
            logs.put(store, changelog(store));
        }
        Map<String, Integer> records = new TreeMap<>();
        logs.forEach((store, log) -> records.put(store, log.size()));
        Map<DeadlineKey.Kind, Long> deadlines = logs.get(QueueStores.DEADLINES).stream()
                .collect(Collectors.groupingBy(r -> DeadlineKey.from(Bytes.wrap(r.key())).kind(), Collectors.counting()));
        // Per message: held, released, removed. Per batch: its lease deadline set and deleted, the
        // release job's tombstone (written and deleted in one commit: the cache keeps the last).
        // Per domain: a throttled usage publication's deadline set and deleted. A message's index
        // entry, expiry and usage are derived from its state: in memory, without changelog topic.
        assertThat(deadlines).containsExactlyInAnyOrderEntriesOf(Map.of(DeadlineKey.Kind.BATCH_LEASE, 2L,
                DeadlineKey.Kind.USAGE, 2L));
        assertThat(records).containsExactlyInAnyOrderEntriesOf(Map.of(QueueStores.MESSAGES, 3 * n,
                QueueStores.DEADLINES, 4, QueueStores.JOBS, 1, QueueStores.GRANTS, 0,
                QueueStores.INDEX, 0, QueueStores.MESSAGE_DEADLINES, 0, QueueStores.USAGE, 0));
        for (String store : List.of(QueueStores.INDEX, QueueStores.MESSAGE_DEADLINES, QueueStores.USAGE)) {
            assertThat(q.driver.producedTopicNames()).doesNotContain("dequeue-queue-test-" + store + "-changelog");
        }
    }

    @Test
    void whenABatchLeaseRunsOutItsUnsettledMessagesAreHeldAgain() {
        q.gateway(Gateways.etrnToRequester(D));
        List<Envelope> held = hold(3);
        q.etrn(D, "192.0.2.25", 0);
        String releaseId = MailHeaders.releaseId(q.drainReleased().get(0).headers());
        q.drainAll();
        q.outcome(D, held.get(0).messageId(), releaseId, delivered("r0@example.net"));
        q.advance(Duration.ofMinutes(9));
        assertThat(q.state(held.get(1).messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(q.counters(D).inFlight()).isEqualTo(2);

        q.advance(Duration.ofMinutes(1).plusSeconds(1));
        for (Envelope e : held.subList(1, 3)) {
            HeldMessage m = q.state(e.messageId());
            assertThat(m.state()).isEqualTo(HeldMessage.State.HELD);
            assertThat(m.leaseDeadline()).isNull();
        }
        assertThat(q.state(held.get(0).messageId())).isNull();
        assertThat(q.counters(D).inFlight()).isZero();
        assertThat(q.events()).filteredOn(ev -> ev.type() == LifecycleEvent.Type.HELD)
                .filteredOn(ev -> "lease-expired".equals(ev.details().get("reason"))).hasSize(2);
        assertThat(q.messageDeadlines()).extracting(DeadlineKey::kind).containsOnly(DeadlineKey.Kind.EXPIRY);
    }

    @Test
    void theLeaseOfAnEarlierReleaseLeavesALaterOneAlone() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.etrn(D, "192.0.2.25", 0);
        String first = MailHeaders.releaseId(q.drainReleased().get(0).headers());
        q.outcome(D, e.messageId(), first, transientFailure("bob@example.net"));
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.HELD);

        q.advance(Duration.ofMinutes(5));
        q.etrn(D, "192.0.2.25", 0);
        String second = MailHeaders.releaseId(q.drainReleased().get(0).headers());
        assertThat(second).isNotEqualTo(first);
        q.advance(Duration.ofMinutes(5).plusSeconds(1)); // the first release's lease ends; the second's lives
        HeldMessage m = q.state(e.messageId());
        assertThat(m.state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(m.releaseId()).isEqualTo(second);

        q.advance(Duration.ofMinutes(5)); // now the second's ends too
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.HELD);
    }

    @Test
    void aLeaseDeadlineOfOneMessageWrittenByAnEarlierVersionStillEndsItsLease() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.etrn(D, "192.0.2.25", 0);
        q.drainAll();
        HeldMessage m = q.state(e.messageId());
        // What an earlier version left: the lease as a deadline of its own, keyed by the state key
        // (and no batch deadline).
        var deadlines = q.driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(QueueStores.DEADLINES);
        for (DeadlineKey d : q.messageDeadlines()) {
            if (d.kind() != DeadlineKey.Kind.EXPIRY) {
                deadlines.delete(d.toBytes());
            }
        }
        deadlines.put(new DeadlineKey(m.leaseDeadline().toEpochMilli(), DeadlineKey.Kind.LEASE, m.stateKey()).toBytes(),
                new byte[0]);
        q.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.HELD);
    }
}
