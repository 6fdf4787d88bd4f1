package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.timeline.MessageAnswer;
import io.dequeue.queue.timeline.MessageLookup;
import io.dequeue.queue.timeline.TimelineOptions;
import io.dequeue.queue.timeline.TimelineTopology;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index and the messages' own deadlines (expiry, delay warning) have no changelog: when a task
 * starts (a restart, a rebalance, a re-initialisation after an aborted transaction) they are empty,
 * or hold what the task had before, while {@code held-messages} is restored; the task rebuilds them
 * from the states ({@link HeldMail#rebuild()}, as {@code QueueProcessor.init} does), and the queue
 * then behaves as if nothing had happened. A restart is simulated as in {@link UsageRebuildTest}:
 * the derived stores are emptied and rebuilt from the states the driver holds.
 */
class DerivedStoresRebuildTest {
    private static final String D = "example.net";
    private static final List<String> DERIVED = List.of(QueueStores.INDEX, QueueStores.MESSAGE_DEADLINES,
            QueueStores.USAGE);
    private QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    /** The stores without changelog come back empty; the task rebuilds them from the restored states. */
    private void restart() {
        emptyDerivedStores();
        q.heldMail().rebuild();
    }

    private void emptyDerivedStores() {
        for (String name : DERIVED) {
            KeyValueStore<Object, Object> store = q.driver.getKeyValueStore(name);
            List<Object> keys = new ArrayList<>();
            try (KeyValueIterator<Object, Object> it = store.all()) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(store::delete);
            assertThat(q.count(name)).as(name).isZero();
        }
    }

    private List<DeadlineKey> deadlinesOf(String messageId) {
        String key = q.state(messageId).stateKey();
        return q.deadlines().stream().filter(d -> d.ref().equals(key)).toList();
    }

    private List<LifecycleEvent> eventsOf(List<LifecycleEvent> events, String messageId, LifecycleEvent.Type type) {
        return events.stream().filter(e -> messageId.equals(e.messageId()) && e.type() == type).toList();
    }

    @Test
    void aDuplicateIntakeOfAHeldOrReleasedMessageIsStillRejected() {
        q.gateway(Gateways.etrnToRequester(D));
        byte[] raw = QueueDriver.message("alice@example.com", "bob@" + D, "Test", "Hello");
        Envelope held = envelope("bob@" + D, raw);
        Envelope released = envelope("carol@" + D, raw);
        q.acceptRaw(D, released, raw);
        q.etrn(D, "192.0.2.25", 0);
        assertThat(q.drainReleased()).hasSize(1);
        q.acceptRaw(D, held, raw);
        assertThat(q.state(released.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);

        restart();
        assertThat(q.count(QueueStores.INDEX)).isEqualTo(2);
        q.acceptRaw(D, held, raw);
        q.acceptRaw(D, released, raw);
        assertThat(q.metrics.get("duplicate")).isEqualTo(2);
        assertThat(q.count(QueueStores.MESSAGES)).isEqualTo(2);
        assertThat(q.counters(D).heldCount()).isEqualTo(2);
        assertThat(q.counters(D).inFlight()).isEqualTo(1);
    }

    private Envelope envelope(String rcpt, byte[] raw) {
        return new Envelope(java.util.UUID.randomUUID().toString(), "Q1", "alice@example.com", null, null,
                Envelope.Body.EIGHT_BIT_MIME, raw.length, List.of(new Envelope.Recipient(rcpt)), "198.51.100.20",
                "mail.example.com", null, true, q.now());
    }

    @Test
    void aHeldMessageExpiresAtItsExpiresAt() {
        q.gateway(Gateways.both(D, Duration.ofHours(2), null));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        HeldMessage m = q.state(e.messageId());
        restart();
        assertThat(deadlinesOf(e.messageId())).containsExactly(
                new DeadlineKey(m.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, m.stateKey()));
        assertThat(q.heldMail().earliestDeadline()).isEqualTo(m.expiresAt().toEpochMilli());

        q.advance(Duration.ofHours(2).minusSeconds(2));
        assertThat(q.state(e.messageId())).isNotNull();
        q.advance(Duration.ofSeconds(3));
        assertThat(q.messages().get(m.stateKey())).isNull();
        assertThat(eventsOf(q.events(), e.messageId(), LifecycleEvent.Type.EXPIRED)).hasSize(1);
        assertThat(q.driver.<String, String>getKeyValueStore(QueueStores.INDEX).get(e.messageId())).isNull();
    }

    @Test
    void aReleasedMessageKeepsItsIndexEntryAndExpiryAndExpiresWhenItsReleaseIsOver() {
        q.gateway(Gateways.both(D, Duration.ofMinutes(5), null));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.etrn(D, "192.0.2.25", 0);
        q.drainAll();
        restart();
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(deadlinesOf(e.messageId())).extracting(DeadlineKey::kind).containsExactly(DeadlineKey.Kind.EXPIRY);

        q.advance(Duration.ofMinutes(5).plusSeconds(1)); // max hold reached, the lease (10 min) still live
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        restart(); // the expiry moved to the lease's end is in the state
        q.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(q.count(QueueStores.MESSAGES)).as("only the DSN of the expiry is held").isOne();
        assertThat(eventsOf(q.events(), e.messageId(), LifecycleEvent.Type.EXPIRED)).hasSize(1);
    }

    @Test
    void aDueDelayWarningGoesOutOnceAndNotAgainAfterASecondRestart() {
        q.gateway(Gateways.both(D, Duration.ofDays(7), Duration.ofHours(4)));
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                List.of(Envelope.Notify.DELAY, Envelope.Notify.FAILURE), null)), Envelope.Ret.HDRS, null, "b");
        restart();
        assertThat(deadlinesOf(e.messageId())).extracting(DeadlineKey::kind)
                .containsExactly(DeadlineKey.Kind.WARN, DeadlineKey.Kind.EXPIRY);

        q.advance(Duration.ofHours(4).plusSeconds(1));
        assertThat(eventsOf(q.events(), e.messageId(), LifecycleEvent.Type.BOUNCED)).singleElement()
                .satisfies(ev -> assertThat(ev.details()).containsEntry("action", "delayed"));
        assertThat(q.state(e.messageId()).warnAt()).isNull();

        restart();
        assertThat(deadlinesOf(e.messageId())).extracting(DeadlineKey::kind).containsExactly(DeadlineKey.Kind.EXPIRY);
        q.advance(Duration.ofHours(4));
        q.accept(D, "alice@example.com", "later"); // a later fact: the queue still works
        List<LifecycleEvent> events = q.events();
        assertThat(events).filteredOn(ev -> ev.type() == LifecycleEvent.Type.HELD && !ev.messageId().equals(e.messageId()))
                .isNotEmpty();
        assertThat(eventsOf(events, e.messageId(), LifecycleEvent.Type.BOUNCED)).isEmpty();
    }

    @Test
    void adminRequestsAndOutcomesFindAMessageByItsId() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope dropped = q.accept(D, "alice@example.com", "bob");
        Envelope delivered = q.accept(D, "alice@example.com", "carol");
        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> released = q.drainReleased();
        restart();

        q.admin(D, AdminRequest.Action.DROP, dropped.messageId(), null, null);
        assertThat(eventsOf(q.events(), dropped.messageId(), LifecycleEvent.Type.DROPPED)).hasSize(1);
        assertThat(q.state(dropped.messageId())).isNull();
        q.outcome(D, delivered.messageId(), MailHeaders.releaseId(released.get(0).headers()),
                delivered("carol@" + D));
        assertThat(q.count(QueueStores.MESSAGES)).isZero();
        assertThat(q.metrics.get("unknown")).isZero();
    }

    @Test
    void theMessageLookupAnswersWithTheHeldStateAfterARestart() {
        q.close();
        q = new QueueDriver(QueueDriver.testOptions(), StreamsConfig.EXACTLY_ONCE_V2,
                t -> TimelineTopology.attach(t, TimelineOptions.defaults()));
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        MessageLookup lookup = new MessageLookup(q.driver::getKeyValueStore);

        emptyDerivedStores();
        assertThat(lookup.byId(e.messageId(), D)).singleElement()
                .satisfies(a -> assertThat(a.held()).as("no index entry, no held state").isNull());
        q.heldMail().rebuild();
        List<MessageAnswer> found = lookup.byId(e.messageId(), D);
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("held");
            assertThat(a.held()).isNotNull();
        });
    }

    @Test
    void aReinitialisedTaskDropsWhatItsDerivedStoresHeldBefore() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        HeldMessage m = q.state(e.messageId());
        // Left from before an aborted transaction: a message that the restored states do not hold.
        q.driver.<String, String>getKeyValueStore(QueueStores.INDEX).put("gone", "example.net\u00000000000000000000099");
        q.driver.<Bytes, byte[]>getKeyValueStore(QueueStores.MESSAGE_DEADLINES).put(
                new DeadlineKey(1, DeadlineKey.Kind.EXPIRY, "example.net\u00000000000000000000099").toBytes(), new byte[0]);

        q.heldMail().rebuild();
        assertThat(q.count(QueueStores.INDEX)).isOne();
        assertThat(q.state(e.messageId())).isEqualTo(m);
        assertThat(q.deadlines()).containsExactly(
                new DeadlineKey(m.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, m.stateKey()));
    }

    /**
     * A {@code held-deadlines} changelog of an earlier version holds every message's expiry and delay
     * warning: restored, they are honoured when due (the same deadline rebuilt from the state runs
     * too: whichever comes second finds the state changed), and deleted from that store then.
     */
    @Test
    void expiriesAndWarningsThatAnEarlierVersionLoggedActOnceAndAreClearedWhenDue() {
        q.gateway(Gateways.both(D, Duration.ofHours(8), Duration.ofHours(4)));
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                List.of(Envelope.Notify.DELAY), null)), Envelope.Ret.HDRS, null, "b");
        Envelope settled = q.accept(D, "alice@example.com", "carol");
        HeldMessage m = q.state(e.messageId());
        HeldMessage s = q.state(settled.messageId());
        KeyValueStore<Bytes, byte[]> logged = q.driver.getKeyValueStore(QueueStores.DEADLINES);
        List<DeadlineKey> legacy = List.of(
                new DeadlineKey(m.warnAt().toEpochMilli(), DeadlineKey.Kind.WARN, m.stateKey()),
                new DeadlineKey(m.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, m.stateKey()),
                new DeadlineKey(s.expiresAt().toEpochMilli(), DeadlineKey.Kind.EXPIRY, s.stateKey()));
        legacy.forEach(d -> logged.put(d.toBytes(), new byte[0]));
        restart();
        q.etrn(D, "192.0.2.25", 0);
        String releaseId = MailHeaders.releaseId(q.drainReleased().get(0).headers());
        q.outcome(D, settled.messageId(), releaseId, delivered("carol@" + D));
        q.advance(Duration.ofMinutes(10).plusSeconds(1)); // e's lease ends: held again

        q.advance(Duration.ofHours(4));
        assertThat(eventsOf(q.events(), e.messageId(), LifecycleEvent.Type.BOUNCED)).as("one warning").hasSize(1);
        assertThat(keysOf(logged)).doesNotContain(legacy.get(0));

        q.advance(Duration.ofHours(4));
        List<LifecycleEvent> events = q.events();
        assertThat(eventsOf(events, e.messageId(), LifecycleEvent.Type.EXPIRED)).hasSize(1);
        assertThat(eventsOf(events, settled.messageId(), LifecycleEvent.Type.EXPIRED)).isEmpty();
        assertThat(keysOf(logged)).doesNotContainAnyElementsOf(legacy)
                .noneMatch(d -> d.kind() == DeadlineKey.Kind.WARN || d.kind() == DeadlineKey.Kind.EXPIRY);
        q.visits.reset();
        q.advance(Duration.ofSeconds(5));
        assertThat(q.visits.deadlines()).as("nothing left due").isZero();
    }

    private static List<DeadlineKey> keysOf(KeyValueStore<Bytes, byte[]> store) {
        List<DeadlineKey> r = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> r.add(DeadlineKey.from(kv.key)));
        }
        return r;
    }
}
