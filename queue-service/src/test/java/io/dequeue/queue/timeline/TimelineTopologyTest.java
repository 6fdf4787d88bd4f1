package io.dequeue.queue.timeline;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.queue.topology.Gateways;
import io.dequeue.queue.topology.QueueDriver;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline store in the queue topology: what it answers, and what it keeps for how long. */
class TimelineTopologyTest {
    private static final String D = "example.net";
    private static final TimelineOptions OPTIONS = TimelineOptions.defaults().withStores(true, true);
    private TimelineDriver t;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private TimelineDriver driver(TimelineOptions o) {
        t = new TimelineDriver(o);
        t.q.gateway(Gateways.both(D, Duration.ofHours(2), null));
        return t;
    }

    private String release() {
        t.q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> r = t.q.drainReleased();
        return MailHeaders.releaseId(r.get(r.size() - 1).headers());
    }

    private static String headerId(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        int i = s.indexOf("Message-ID: ") + "Message-ID: ".length();
        return s.substring(i, s.indexOf("\r\n", i));
    }

    @Test
    void aHeldMessageAnswersWithItsEnvelopeStateAndTimeline() {
        driver(OPTIONS);
        t.q.drainAll();
        Envelope e = t.q.accept(D, "alice@example.com", "bob", "carol");
        LifecycleEvent edge = t.edgeAccepted(D, e);

        List<MessageAnswer> found = t.lookup().byId(e.messageId(), null);
        assertThat(found).hasSize(1);
        MessageAnswer a = found.get(0);
        assertThat(a.state()).isEqualTo("held");
        assertThat(a.domain()).isEqualTo(D);
        assertThat(a.queueId()).isEqualTo(e.queueId());
        assertThat(a.sender()).isEqualTo("alice@example.com");
        assertThat(a.size()).isEqualTo(e.size());
        assertThat(a.receivedAt()).isEqualTo(e.receivedAt());
        assertThat(a.messageIdHeader()).startsWith("<").endsWith("@example.com>");
        assertThat(a.recipients()).extracting(Settlement.RecipientState::state).containsExactly("pending", "pending");
        assertThat(a.held()).isNotNull();
        assertThat(a.held().state()).isEqualTo("held");
        // the edge's accepted event and the queue's held, recorded with the summary
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held");
        assertThat(a.timeline().get(0)).isEqualTo(new TimelineEvent("accepted", e.receivedAt(), "smtp-edge",
                Map.of("queueId", e.queueId(), "recipients", 2, "size", (int) e.size(), "client", "198.51.100.20")));
        assertThat(a.timeline().get(0).details().keySet()).containsExactly("queueId", "recipients", "size", "client");
        // each step as it showed when it was read back from mail.lifecycle
        assertThat(a.timeline().get(0)).isEqualTo(TimelineDriver.asRead(edge));
        assertThat(a.timeline().subList(1, 2)).isEqualTo(t.queueEvents(e.messageId()));
        // sender, recipient count and size are the edge's accepted event's, not repeated by held
        assertThat(a.timeline().get(1).service()).isEqualTo("queue-service");
        assertThat(a.timeline().get(1).details()).containsKey("expiresAt").doesNotContainKeys("sender", "recipients",
                "size");
        assertThat(t.lookup().byId("no-such-id", null)).isEmpty();
        assertThat(t.lookup().byId(e.messageId(), "other.example")).isEmpty();
    }

    @Test
    void aDeliveredMessageSettlesWithEachAttemptAndReply() {
        driver(OPTIONS);
        t.q.drainAll();
        Envelope e = t.accept(D, "alice@example.com", "bob", "carol");
        String first = release();
        // delivery-service records each recipient's result, then reports the outcome to the queue
        t.delivered(D, e.messageId(), "bob@example.net", first);
        t.event(LifecycleEvent.Type.DEFERRED, D, e.messageId(), "delivery-service", Map.of("recipient",
                "carol@example.net", "reply", "452 4.2.2 Mailbox full", "releaseId", first, "attempt", 1));
        t.q.outcome(D, e.messageId(), first, QueueDriver.delivered("bob@example.net"),
                QueueDriver.transientFailure("carol@example.net"));

        MessageAnswer mid = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(mid.state()).isEqualTo("held");
        assertThat(mid.recipients()).extracting(Settlement.RecipientState::state).containsExactly("delivered", "deferred");
        assertThat(mid.recipients().get(1).reply()).isEqualTo("452 4.2.2 Mailbox full");

        String second = release();
        t.delivered(D, e.messageId(), "carol@example.net", second);
        t.q.outcome(D, e.messageId(), second, QueueDriver.delivered("carol@example.net"));

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(a.state()).isEqualTo("delivered");
        assertThat(a.held()).isNull();
        assertThat(a.settledAt()).isEqualTo(t.q.now());
        assertThat(a.recipients()).extracting(Settlement.RecipientState::state).containsExactly("delivered", "delivered");
        assertThat(a.recipients().get(1).reply()).startsWith("250 ");
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held", "released",
                "delivered", "deferred", "held", "released", "delivered");
        assertThat(a.timeline()).extracting(TimelineEvent::service).containsExactly("smtp-edge", "queue-service",
                "queue-service", "delivery-service", "delivery-service", "queue-service", "queue-service",
                "delivery-service");
        TimelineEvent released = a.timeline().get(2);
        assertThat(released.details()).containsEntry("via", "etrn").containsEntry("targetHost", "192.0.2.25")
                .containsEntry("releaseId", first);
        assertThat(a.timeline().get(5).details()).containsEntry("reason", "outcome")
                .containsEntry("releaseId", first).containsEntry("pendingRecipients", 1);
        assertThat(a.timeline().get(6).details()).containsEntry("releaseId", second).containsEntry("attempt", 2);
        // queue-service's steps (held, released, held, released) as they showed when read back
        assertThat(a.timeline()).filteredOn(x -> x.service().equals("queue-service"))
                .containsExactlyElementsOf(t.queueEvents(e.messageId()));
    }

    @Test
    void anExpiredMessageSettlesAsExpiredWithItsBounce() {
        driver(OPTIONS);
        Envelope e = t.accept(D, "alice@example.com", "bob");
        t.q.advance(Duration.ofHours(2).plusSeconds(2));

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(a.state()).isEqualTo("expired");
        assertThat(a.recipients()).extracting(Settlement.RecipientState::state).containsExactly("expired");
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held", "expired",
                "bounced");
        // the DSN the expiry made is a message of its own, held for the sender's domain (not a gateway
        // here: it delivers itself at once); no edge accepted it, its held event says what it is
        String dsnId = a.timeline().get(3).detail("dsnMessageId");
        MessageAnswer dsn = t.lookup().byId(dsnId, null).get(0);
        assertThat(dsn.dsn()).isTrue();
        assertThat(dsn.domain()).isEqualTo("example.com");
        assertThat(dsn.timeline()).extracting(TimelineEvent::type).containsExactly("held", "released");
        assertThat(dsn.timeline().get(0).details()).containsEntry("recipients", 1).containsEntry("dsn", true)
                .containsKeys("size", "expiresAt").doesNotContainKey("sender");
        assertThat(dsn.timeline().get(1).details()).containsEntry("via", "dsn");
        assertThat(dsn.timeline()).isEqualTo(t.queueEvents(dsnId));
    }

    @Test
    void aHandedOverMessageShowsItsStepsInBothDomains() {
        t = new TimelineDriver(OPTIONS);
        t.q.gateway(Gateways.etrnLocal("branch.example", "hub.example", false));
        t.q.gateway(Gateways.etrnToRequester("hub.example"));
        t.q.drainAll();
        Envelope e = t.accept("branch.example", "alice@example.com", "bob");
        t.q.etrn("branch.example", "192.0.2.25", 0);
        List<LifecycleEvent> written = t.q.events().stream().filter(x -> e.messageId().equals(x.messageId())).toList();

        List<MessageAnswer> found = t.lookup().byId(e.messageId(), null);
        assertThat(found).extracting(MessageAnswer::domain).containsExactlyInAnyOrder("branch.example", "hub.example");
        MessageAnswer branch = found.stream().filter(a -> a.domain().equals("branch.example")).findFirst().orElseThrow();
        MessageAnswer hub = found.stream().filter(a -> a.domain().equals("hub.example")).findFirst().orElseThrow();
        assertThat(branch.state()).isEqualTo("handed-over");
        assertThat(branch.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held", "released");
        assertThat(branch.timeline().get(2).details()).containsEntry("handedOverTo", "hub.example");
        // no edge accepted it for the hub: its held event says what it is
        assertThat(hub.state()).isEqualTo("held");
        assertThat(hub.timeline()).extracting(TimelineEvent::type).containsExactly("held");
        assertThat(hub.timeline().get(0).details()).containsEntry("handedOver", true).containsEntry("recipients", 1)
                .containsEntry("size", (int) e.size()).doesNotContainKey("sender");
        // each domain's steps as they showed when read back from mail.lifecycle
        assertThat(branch.timeline().subList(1, 3)).isEqualTo(written.stream()
                .filter(x -> x.domain().value().equals("branch.example")).map(TimelineDriver::asRead).toList());
        assertThat(hub.timeline()).isEqualTo(written.stream()
                .filter(x -> x.domain().value().equals("hub.example")).map(TimelineDriver::asRead).toList());
    }

    @Test
    void theQueuesStepsAreWrittenOnceAndTheirCopiesNotAtAll() {
        driver(OPTIONS);
        t.changelog();
        Envelope e = t.accept(D, "alice@example.com", "bob");
        // the summary with the accepted and held steps, in one write, and the index entries (the driver's
        // queue id is not the message id); the edge's accepted and the queue's held read back from
        // mail.lifecycle write nothing
        assertThat(t.changelog()).extracting(r -> (char) r.key()[0]).containsExactly('M', 'Q', 'H');
        release();
        assertThat(t.changelog()).extracting(r -> (char) r.key()[0]).containsExactly('E');
        assertThat(t.lookup().byId(e.messageId(), null).get(0).timeline()).extracting(TimelineEvent::type)
                .containsExactly("accepted", "held", "released");
    }

    @Test
    void eventsTheTimelineDidNotRecordItselfAreKept() {
        driver(OPTIONS);
        Envelope e = t.accept(D, "alice@example.com", "bob");
        // what an earlier version of queue-service wrote and had not read back when it stopped, and
        // an accepted event of another producer
        t.event(LifecycleEvent.Type.HELD, D, e.messageId(), "queue-service", Map.of("reason", "lease-ended",
                "releaseId", "R-OLD", "attempts", 1, "pendingRecipients", 1));
        t.event(LifecycleEvent.Type.RELEASED, D, e.messageId(), "queue-service", Map.of("releaseId", "R-OLD2",
                "attempt", 2, "via", "etrn"));
        t.event(LifecycleEvent.Type.ACCEPTED, D, e.messageId(), "importer", Map.of("recipients", 1));

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held", "held",
                "released", "accepted");
        assertThat(a.timeline().get(2).details()).containsEntry("releaseId", "R-OLD");
        assertThat(a.timeline().get(4).service()).isEqualTo("importer");
    }

    @Test
    void anEarlierVersionsSummaryKeepsTheEdgesAcceptedEvent() {
        driver(OPTIONS);
        Envelope e = t.q.accept(D, "alice@example.com", "bob");
        // a summary as an earlier version wrote it: no steps (its held was an event entry)
        KeyValueStore<Bytes, byte[]> store = t.store();
        TimelineKeys.Ref ref = new TimelineKeys.Ref(e.messageId(), D);
        MessageSummary old = io.dequeue.model.serde.Json.read(store.get(TimelineKeys.summary(ref)), MessageSummary.class);
        store.put(TimelineKeys.summary(ref), io.dequeue.model.serde.Json.write(old.withSteps(null, null, null)));
        t.edgeAccepted(D, e);

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted");
        assertThat(a.timeline().get(0).service()).isEqualTo("smtp-edge");
        assertThat(a.timeline().get(0).details()).containsEntry("client", "198.51.100.20")
                .doesNotContainKey("sender");
    }

    @Test
    void theAcceptedStepHasTheTimeTheEdgeWroteTheRecord() {
        driver(OPTIONS);
        byte[] raw = QueueDriver.message("alice@example.com", "bob@example.net", "Hi", "Hello");
        // the session's receivedAt is earlier than the record (and its accepted event)
        Envelope e = new Envelope("4XK2QZ0001", "4XK2QZ0001", "alice@example.com", null, null,
                Envelope.Body.SEVEN_BIT, raw.length, List.of(new Envelope.Recipient("bob@example.net")), null,
                "mail.example.com", null, false, t.q.now().minusSeconds(3));
        t.acceptRaw(D, e, raw);

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        assertThat(a.receivedAt()).isEqualTo(e.receivedAt());
        // the same id as queue id and no client address: neither detail
        assertThat(a.timeline().get(0)).isEqualTo(new TimelineEvent("accepted", t.q.now(), "smtp-edge",
                Map.of("recipients", 1, "size", raw.length)));
    }

    @Test
    void anEventOfTheQueuesStepFollowsTheLatestEntry() {
        TimelineKeys.Ref r = new TimelineKeys.Ref("4XK2QZ0001", D);
        Bytes entry = TimelineKeys.event(r, 7);
        Bytes own = TimelineKeys.ownEvent(r, entry);
        Bytes next = TimelineKeys.ownEvent(r, own);
        assertThat(own).isGreaterThan(entry).isLessThan(next).isEqualTo(TimelineKeys.ownEvent(r, entry));
        assertThat(next).isLessThan(TimelineKeys.event(r, 8));
        assertThat(TimelineKeys.ownEvent(r, null)).isLessThan(TimelineKeys.event(r, 1));
    }

    @Test
    void anOperatorsBounceAndDropSettleTheMessage() {
        driver(OPTIONS);
        Envelope bounced = t.accept(D, "alice@example.com", "bob");
        Envelope dropped = t.accept(D, "alice@example.com", "bob");
        t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.BOUNCE, bounced.messageId(), null, "no such user");
        t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.DROP, dropped.messageId(), null, null);

        assertThat(t.lookup().byId(bounced.messageId(), null).get(0).state()).isEqualTo("bounced");
        assertThat(t.lookup().byId(dropped.messageId(), null).get(0).state()).isEqualTo("dropped");
    }

    @Test
    void theMessageIdHeaderFindsEveryMessageThatCarriesIt() {
        driver(OPTIONS);
        byte[] raw = QueueDriver.message("alice@example.com", "bob@example.net", "Hi", "Hello");
        String header = headerId(raw);
        // one message for two domains: the edge splits it into <queueId>.1 and <queueId>.2
        Envelope one = envelope("QSPLIT1.1", "QSPLIT1", "bob@example.net", raw.length);
        Envelope two = envelope("QSPLIT1.2", "QSPLIT1", "dave@example.org", raw.length);
        t.q.gateway(Gateways.both("example.org", Duration.ofHours(2), null));
        t.acceptRaw(D, one, raw);
        t.acceptRaw("example.org", two, raw);

        assertThat(t.lookup().byHeader(header)).extracting(MessageAnswer::messageId)
                .containsExactlyInAnyOrder("QSPLIT1.1", "QSPLIT1.2");
        assertThat(t.lookup().byHeader(header.substring(1, header.length() - 1))).hasSize(2); // without <>
        assertThat(t.lookup().byId("QSPLIT1", null)).extracting(MessageAnswer::domain)
                .containsExactlyInAnyOrder(D, "example.org");
        assertThat(t.lookup().byId("QSPLIT1.2", null)).extracting(MessageAnswer::domain).containsExactly("example.org");
        assertThat(t.lookup().byHeader("<nobody@nowhere.example>")).isEmpty();
    }

    private Envelope envelope(String id, String queueId, String rcpt, long size) {
        return new Envelope(id, queueId, "alice@example.com", null, null, Envelope.Body.SEVEN_BIT, size,
                List.of(new Envelope.Recipient(rcpt)), "198.51.100.20", "mail.example.com", null, false, t.q.now());
    }

    @Test
    void settledTimelinesGoAfterTheRetentionHeldOnesStay() {
        driver(OPTIONS.withRetention(Duration.ofHours(1)).withSweep(Duration.ofMinutes(1), 100));
        Envelope held = t.accept(D, "alice@example.com", "bob");
        Envelope done = t.accept(D, "alice@example.com", "bob");
        t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.DROP, done.messageId(), null, null);
        assertThat(t.lookup().byId(done.messageId(), null)).hasSize(1);

        t.q.advance(Duration.ofMinutes(59));
        assertThat(t.lookup().byId(done.messageId(), null)).as("within the retention").hasSize(1);
        t.q.advance(Duration.ofMinutes(2));
        assertThat(t.lookup().byId(done.messageId(), null)).as("after the retention").isEmpty();
        assertThat(t.lookup().byId(held.messageId(), null)).singleElement()
                .satisfies(a -> assertThat(a.timeline()).isNotEmpty());
        // nothing of the dropped message is left: summary, events, index, settled entry
        assertThat(t.keys('M')).isEqualTo(1);
        assertThat(t.keys('S')).isZero();
        assertThat(t.keys('X')).isZero();
        assertThat(t.keys('E')).as("accepted and held are in the summary").isZero();
        assertThat(t.keys('H')).isEqualTo(1);
        assertThat(t.q.driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(TimelineTopology.STORE)
                .get(TimelineKeys.SETTLED_COUNT)).as("the count is kept in memory, not stored").isNull();
    }

    @Test
    void aWriterMadeOverAFilledStoreCountsWhatHasSettled() {
        // what a task that starts again (its store restored) sees: the count is not stored
        TimelineOptions o = OPTIONS.withLimits(18, 200); // 3 per partition
        driver(o);
        t.accept(D, "alice@example.com", "bob");
        for (int i = 0; i < 2; i++) {
            String id = t.accept(D, "alice@example.com", "bob").messageId();
            t.q.advance(Duration.ofSeconds(1));
            t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.DROP, id, null, null);
        }
        KeyValueStore<Bytes, byte[]> store = t.q.driver.getKeyValueStore(TimelineTopology.STORE);
        // a store of an earlier version also holds the count under a key of its own: removed at start
        store.put(TimelineKeys.SETTLED_COUNT, TimelineKeys.longBytes(99));
        TimelineWriter restarted = new TimelineWriter(store, o);
        assertThat(restarted.settledCount()).isEqualTo(2);
        assertThat(store.get(TimelineKeys.SETTLED_COUNT)).isNull();
        assertThat(t.keys('S')).isEqualTo(2);
    }

    @Test
    void whenFullTheOldestSettledGoesFirst() {
        // 12 in all: 2 per partition; the test driver runs one task, so this store keeps 2
        driver(OPTIONS.withLimits(12, 200));
        Envelope held = t.accept(D, "alice@example.com", "bob");
        String[] ids = new String[4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = t.accept(D, "alice@example.com", "bob").messageId();
            t.q.advance(Duration.ofSeconds(1));
            t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.DROP, ids[i], null, null);
        }
        assertThat(t.lookup().byId(ids[0], null)).isEmpty();
        assertThat(t.lookup().byId(ids[1], null)).isEmpty();
        assertThat(t.lookup().byId(ids[2], null)).hasSize(1);
        assertThat(t.lookup().byId(ids[3], null)).hasSize(1);
        assertThat(t.lookup().byId(held.messageId(), null)).hasSize(1);
        assertThat(t.keys('S')).isEqualTo(2);
    }

    @Test
    void aMessageKeepsAtMostMaxEventsButAlwaysTheOneThatSettlesIt() {
        driver(OPTIONS.withLimits(600, 3));
        Envelope e = t.accept(D, "alice@example.com", "bob");
        for (int i = 0; i < 5; i++) {
            t.event(LifecycleEvent.Type.DEFERRED, D, e.messageId(), "delivery-service", Map.of("recipient",
                    "bob@example.net", "reply", "451 4.3.0 try " + i));
        }
        t.q.admin(D, io.dequeue.model.event.AdminRequest.Action.DROP, e.messageId(), null, null);

        MessageAnswer a = t.lookup().byId(e.messageId(), null).get(0);
        // the summary's steps count as the events they stand for
        assertThat(a.timeline()).extracting(TimelineEvent::type).containsExactly("accepted", "held", "deferred",
                "dropped");
        assertThat(a.omittedEvents()).isEqualTo(4);
        assertThat(a.state()).isEqualTo("dropped");
    }

    @Test
    void eventsOlderThanTheRetentionAreSkippedUnread() {
        driver(OPTIONS.withRetention(Duration.ofHours(1)));
        t.event(new LifecycleEvent(LifecycleEvent.Type.DELIVERED, io.dequeue.model.DomainName.parse(D), "OLD1",
                "delivery-service", t.q.now().minus(Duration.ofHours(2)), Map.of()),
                t.q.now().minus(Duration.ofHours(2)));
        t.q.driver.createInputTopic(io.dequeue.model.topic.Topics.MAIL_LIFECYCLE,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput(D, "not json".getBytes(StandardCharsets.UTF_8), t.q.now());
        assertThat(t.lookup().byId("OLD1", null)).isEmpty();
        assertThat(t.keys('M')).isZero();
    }

    @Test
    void whatTheTimelineWritesToKafkaPerMessage() {
        driver(OPTIONS);
        t.changelog();
        t.q.drainAll();
        int n = 20;
        long lifecycleBytes = 0;
        for (int i = 0; i < n; i++) {
            // queue ids as the edge makes them (10 characters), not the driver's UUIDs
            byte[] raw = QueueDriver.message("alice@example.com", "bob@example.net", "Hi", "Hello");
            String id = "4XK2QZ" + (1000 + i);
            t.acceptRaw(D, new Envelope(id, id, "alice@example.com", null, null, Envelope.Body.SEVEN_BIT,
                    raw.length, List.of(new Envelope.Recipient("bob@example.net")), "198.51.100.20",
                    "mail.example.com", null, false, t.q.now()), raw);
            String r = release();
            t.delivered(D, id, "bob@example.net", r);
            t.q.outcome(D, id, r, QueueDriver.delivered("bob@example.net"));
        }
        for (TestRecord<String, byte[]> r : t.q.lifecycle.readRecordsToList()) {
            lifecycleBytes += r.key().length() + r.value().length;
        }
        List<TestRecord<byte[], byte[]>> log = t.changelog();
        long bytes = log.stream().mapToLong(r -> r.key().length + (r.value() == null ? 0 : r.value().length)).sum();
        System.out.printf("timeline changelog per delivered message: %.1f records, %.0f bytes of keys and values"
                + " (queue-service's own mail.lifecycle records: %.0f bytes)%n",
                log.size() / (double) n, bytes / (double) n, lifecycleBytes / (double) n);
        // the summary (with the edge's accepted and the queue's held step), the Message-ID index
        // entry, the released and delivered events, the settled entry. When and how it settled is
        // not stored (the events say it), nor how many have settled (counted in memory); the
        // accepted, held and released events read back from mail.lifecycle write nothing.
        assertThat(log).hasSizeLessThanOrEqualTo(5 * n);
        assertThat(log).hasSize(5 * n);
        assertThat(bytes / (double) n).isLessThan(1250);
    }
}
