package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** accept -> HELD, and ETRN: targets, answers, what a second ETRN releases, batches. */
class EtrnTest {
    private QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void acceptedMailIsHeldWithItsBodyLeftInMailAccepted() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        Envelope e = q.accept("example.net", "alice@example.com", "bob", "sales");

        HeldMessage m = q.state(e.messageId());
        assertThat(m.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(m.pending()).extracting(Envelope.Recipient::address)
                .containsExactly("bob@example.net", "sales@example.net");
        assertThat(m.sender()).isEqualTo("alice@example.com");
        assertThat(m.expiresAt()).isEqualTo(e.receivedAt().plus(Duration.ofDays(7)));
        assertThat(m.sequence()).isZero();
        assertThat(m.stateKey()).startsWith("example.net\u0000");
        assertThat(q.hasBody(e.messageId())).isTrue();
        assertThat(q.counters("example.net").heldCount()).isEqualTo(1);

        List<LifecycleEvent> events = q.events();
        assertThat(events).extracting(LifecycleEvent::type).containsExactly(LifecycleEvent.Type.HELD);
        assertThat(events.get(0).messageId()).isEqualTo(e.messageId());
        assertThat(events.get(0).service()).isEqualTo("queue-service");
        assertThat(q.released.isEmpty()).isTrue();
    }

    @Test
    void theSameMessageTwiceIsHeldOnce() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        Envelope e = q.accept("example.net", "alice@example.com", "bob");
        q.acceptRaw("example.net", e, QueueDriver.message("alice@example.com", "bob@example.net", "x", "y"));
        assertThat(q.count(QueueStores.MESSAGES)).isEqualTo(1);
        assertThat(q.metrics.get("duplicate")).isEqualTo(1);
    }

    @Test
    void everyEtrnAnswerAndReleaseIsCountedByResult() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        q.etrn("example.net", "192.0.2.25", 0); // nothing held
        q.accept("example.net", "alice@example.com", "bob");
        q.etrn("example.net", "192.0.2.25", 0); // released
        q.etrn("example.net", "192.0.2.25", 0); // already in flight
        q.etrn("nogateway.example", "192.0.2.25", 0); // refused

        assertThat(q.metrics.get("etrn.none")).isEqualTo(1);
        assertThat(q.metrics.get("etrn.released")).isEqualTo(1);
        assertThat(q.metrics.get("etrn.in-flight")).isEqualTo(1);
        assertThat(q.metrics.get("etrn.refused")).isEqualTo(1);
        assertThat(q.metrics.get("release.etrn")).isEqualTo(1);
        assertThat(q.metrics.get("released")).isEqualTo(1);
    }

    @Test
    void etrnReleasesEveryHeldMessageToTheRequesterIp() {
        q.gateway(Gateways.etrn("example.net", DeliverTo.REQUESTER_IP, 2626));
        Envelope a = q.accept("example.net", "alice@example.com", "bob");
        Envelope b = q.accept("example.net", "carol@example.org", "sales");
        q.accept("other.example", "alice@example.com", "x"); // another domain stays
        q.drainAll();

        String requestId = q.etrn("example.net", "192.0.2.25", 3);

        List<TestRecord<String, byte[]>> released = q.drainReleased();
        assertThat(released).hasSize(2);
        assertThat(released).extracting(TestRecord::key).containsOnly("example.net");
        TestRecord<String, byte[]> first = released.get(0);
        assertThat(CloudEvents.type(first.headers())).isEqualTo(EventTypes.MAIL_RELEASED);
        assertThat(CloudEvents.get(first.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo(CloudEvents.RFC822);
        assertThat(CloudEvents.get(first.headers(), CloudEvents.SOURCE)).isEqualTo("/dequeue/queue-service/queue-test");
        assertThat(MailHeaders.envelope(first.headers()).messageId()).isEqualTo(a.messageId());
        assertThat(MailHeaders.target(first.headers()))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "192.0.2.25", 2626));
        assertThat(MailHeaders.leaseDeadline(first.headers())).isEqualTo(q.now().plus(Duration.ofMinutes(10)));
        assertThat(MailHeaders.attempt(first.headers())).isEqualTo(1);
        String releaseId = MailHeaders.releaseId(first.headers());
        assertThat(MailHeaders.releaseId(released.get(1).headers())).isEqualTo(releaseId);
        // the record names its body in mail.accepted instead of carrying it
        assertThat(first.value()).isEmpty();
        assertThat(MailHeaders.acceptedRef(first.headers()))
                .isEqualTo(new MailHeaders.AcceptedRef(0, q.state(a.messageId()).acceptedOffset()));
        assertThat(q.content(first)).isEqualTo(q.body(a.messageId()));
        assertThat(MailHeaders.envelope(first.headers()).recipients()).isEqualTo(a.recipients());

        List<EdgeReply> answers = q.answers();
        assertThat(answers).hasSize(1);
        EtrnAnswer answer = (EtrnAnswer) answers.get(0);
        assertThat(answer.requestId()).isEqualTo(requestId);
        assertThat(answer.outcome()).isEqualTo(EtrnAnswer.Outcome.RELEASED);
        assertThat(answer.released()).isEqualTo(2);
        assertThat(answer.alreadyInFlight()).isZero();

        HeldMessage ma = q.state(a.messageId());
        assertThat(ma.state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(ma.releaseId()).isEqualTo(releaseId);
        assertThat(ma.attempts()).isEqualTo(1);
        assertThat(q.state(b.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(q.counters("example.net").inFlight()).isEqualTo(2);
        assertThat(q.counters("other.example").inFlight()).isZero();

        List<LifecycleEvent> events = q.events();
        assertThat(events).extracting(LifecycleEvent::type).containsExactly(LifecycleEvent.Type.ETRN,
                LifecycleEvent.Type.RELEASED, LifecycleEvent.Type.RELEASED);
        assertThat(events.get(0).details()).containsEntry("released", 2).containsEntry("requesterAddress", "192.0.2.25");
    }

    @Test
    void targetKindsFollowTheConfiguredHost() {
        assertThat(targetFor("mx.example", DeliverTo.host("relay.example.org"), 25))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "relay.example.org", 25));
        assertThat(targetFor("exact.example", DeliverTo.host("[mail.example.net]"), 587))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.EXACT_HOST, "mail.example.net", 587));
        assertThat(targetFor("ip.example", DeliverTo.host("192.0.2.7"), 2525))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.7", 2525));
        assertThat(targetFor("ipl.example", DeliverTo.host("[192.0.2.8]"), 25))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "192.0.2.8", 25));
        assertThat(targetFor("ip6.example", DeliverTo.host("[IPv6:2001:db8::25]"), 25))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "2001:db8::25", 25));
        assertThat(targetFor("req.example", DeliverTo.REQUESTER_IP, 2626))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.REQUESTER_IP, "192.0.2.25", 2626));
    }

    private ReleaseTarget targetFor(String domain, DeliverTo to, int port) {
        q.gateway(Gateways.etrn(domain, to, port));
        q.accept(domain, "alice@example.com", "bob");
        q.etrn(domain, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> r = q.drainReleased();
        assertThat(r).hasSize(1);
        return MailHeaders.target(r.get(0).headers());
    }

    @Test
    void aSecondEtrnReleasesOnlyWhatIsNotInFlight() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        q.accept("example.net", "alice@example.com", "a");
        q.accept("example.net", "alice@example.com", "b");
        q.etrn("example.net", "192.0.2.25", 0);
        assertThat(q.drainReleased()).hasSize(2);
        q.answers();

        Envelope c = q.accept("example.net", "alice@example.com", "c");
        q.etrn("example.net", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> second = q.drainReleased();
        assertThat(second).hasSize(1);
        assertThat(MailHeaders.envelope(second.get(0).headers()).messageId()).isEqualTo(c.messageId());
        EtrnAnswer answer = (EtrnAnswer) q.answers().get(0);
        assertThat(answer.outcome()).isEqualTo(EtrnAnswer.Outcome.RELEASED);
        assertThat(answer.released()).isEqualTo(1);
        assertThat(answer.alreadyInFlight()).isEqualTo(2);

        // A third ETRN while everything is in flight releases nothing and says so.
        q.etrn("example.net", "192.0.2.25", 0);
        assertThat(q.drainReleased()).isEmpty();
        EtrnAnswer third = (EtrnAnswer) q.answers().get(0);
        assertThat(third.released()).isZero();
        assertThat(third.alreadyInFlight()).isEqualTo(3);
    }

    @Test
    void etrnForAGatewayWithEtrnOffIsRefused() {
        q.gateway(Gateways.etrnOff("off.example"));
        q.accept("off.example", "alice@example.com", "bob");
        q.etrn("off.example", "192.0.2.25", 1);
        assertThat(q.drainReleased()).isEmpty();
        EtrnAnswer a = (EtrnAnswer) q.answers().get(0);
        assertThat(a.outcome()).isEqualTo(EtrnAnswer.Outcome.REFUSED);
        assertThat(q.events()).filteredOn(e -> e.type() == LifecycleEvent.Type.ETRN)
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("outcome", "refused"));
    }

    @Test
    void etrnForADomainThatIsNoGatewayIsRefused() {
        q.etrn("unknown.example", "192.0.2.25", 1);
        assertThat(((EtrnAnswer) q.answers().get(0)).outcome()).isEqualTo(EtrnAnswer.Outcome.REFUSED);
    }

    @Test
    void etrnWithNothingHeldAnswersNone() {
        q.gateway(Gateways.etrnToRequester("empty.example"));
        q.etrn("empty.example", "192.0.2.25", 2);
        EtrnAnswer a = (EtrnAnswer) q.answers().get(0);
        assertThat(a.outcome()).isEqualTo(EtrnAnswer.Outcome.NONE);
        assertThat(a.released()).isZero();
    }

    @Test
    void theAnswerNamesTheRequestAndCarriesCloudEventsHeaders() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        q.etrn("example.net", "192.0.2.25", 5);
        TestRecord<String, byte[]> r = q.drainReplies().get(0);
        assertThat(r.key()).isEqualTo("example.net");
        assertThat(CloudEvents.type(r.headers())).isEqualTo(EventTypes.REPLY_ETRN);
        assertThat(CloudEvents.get(r.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo(CloudEvents.JSON);
        assertThat(new String(r.value())).startsWith("{\"type\":\"etrn-answer\"");
    }

    @Test
    void aConfiguredHostThatIsALocalGatewayTakesTheMailIntoItsOwnQueue() {
        q.gateway(Gateways.etrnLocal("branch.example", "hub.example", false));
        q.gateway(Gateways.etrnToRequester("hub.example"));
        Envelope e = q.accept("branch.example", "alice@example.com", "bob");
        q.drainAll();

        q.etrn("branch.example", "192.0.2.25", 0);
        assertThat(q.drainReleased()).isEmpty();
        List<TestRecord<String, byte[]>> handed = q.acceptedOut.readRecordsToList();
        assertThat(handed).hasSize(1);
        assertThat(handed.get(0).key()).isEqualTo("hub.example");
        assertThat(CloudEvents.type(handed.get(0).headers())).isEqualTo(EventTypes.MAIL_ACCEPTED);
        assertThat(CloudEvents.get(handed.get(0).headers(), MailHeaders.HANDOFF)).isEqualTo("1");
        assertThat(q.counters("branch.example").heldCount()).isZero();
        assertThat(((EtrnAnswer) q.answers().get(0)).released()).isEqualTo(1);

        // The driver feeds mail.accepted back in, as Kafka would: the hub's queue now holds it.
        HeldMessage there = q.state(e.messageId());
        assertThat(there.domain()).isEqualTo("hub.example");
        assertThat(there.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(there.handoffHops()).isEqualTo(1);
        assertThat(there.pending()).extracting(Envelope.Recipient::address).containsExactly("bob@branch.example");
        assertThat(q.counters("hub.example").heldCount()).isEqualTo(1);
    }

    @Test
    void treatLocalAsUnknownDeliversThroughDns() {
        q.gateway(Gateways.etrnLocal("branch.example", "hub.example", true));
        q.gateway(Gateways.etrnToRequester("hub.example"));
        q.accept("branch.example", "alice@example.com", "bob");
        q.etrn("branch.example", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> r = q.drainReleased();
        assertThat(r).hasSize(1);
        assertThat(MailHeaders.target(r.get(0).headers()))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "hub.example", 25));
        assertThat(q.acceptedOut.isEmpty()).isTrue();
    }

    @Test
    void aLargeReleaseGoesOutInBoundedBatchesWithoutReleasingAnythingTwice() {
        q.close();
        q = new QueueDriver(QueueDriver.testOptions().withBatches(3, Long.MAX_VALUE, 10_000));
        q.gateway(Gateways.etrnToRequester("big.example"));
        for (int i = 0; i < 10; i++) {
            q.accept("big.example", "alice@example.com", "r" + i);
        }
        q.etrn("big.example", "192.0.2.25", 0);
        assertThat(q.drainReleased()).hasSize(3);
        assertThat(((EtrnAnswer) q.answers().get(0)).released()).isEqualTo(10);
        assertThat(q.count(QueueStores.JOBS)).isEqualTo(1);

        q.advance(Duration.ofMillis(100));
        assertThat(q.drainReleased()).hasSize(3);
        q.advance(Duration.ofMillis(100));
        q.advance(Duration.ofMillis(100));
        q.advance(Duration.ofMillis(100));
        List<TestRecord<String, byte[]>> rest = q.drainReleased();
        assertThat(rest).hasSize(4);
        assertThat(q.count(QueueStores.JOBS)).isZero();
        Set<String> ids = collectIds();
        assertThat(ids).hasSize(10);
        assertThat(q.counters("big.example").inFlight()).isEqualTo(10);
    }

    @Test
    void theFirstBatchOfAReleaseIsSmallSoThatTheAnswerLeavesQuickly() {
        q.close();
        q = new QueueDriver(QueueDriver.testOptions().withBatches(1000, Long.MAX_VALUE, 10_000));
        q.gateway(Gateways.etrnToRequester("big.example"));
        for (int i = 0; i < 250; i++) {
            q.accept("big.example", "alice@example.com", "r" + i);
        }
        q.etrn("big.example", "192.0.2.25", 0);
        // the answer counts every waiting message; only the first batch goes with it
        assertThat(((EtrnAnswer) q.answers().get(0)).released()).isEqualTo(250);
        assertThat(q.drainReleased()).hasSize(Releases.FIRST_BATCH_MESSAGES);
        q.advance(Duration.ofMillis(100));
        assertThat(q.drainReleased()).hasSize(150);
        assertThat(q.count(QueueStores.JOBS)).isZero();
        assertThat(collectIds()).hasSize(250);
    }

    private Set<String> collectIds() {
        try (var it = q.messages().all()) {
            List<HeldMessage> all = new java.util.ArrayList<>();
            it.forEachRemaining(kv -> all.add(kv.value));
            assertThat(all).allMatch(HeldMessage::isReleased);
            return all.stream().map(HeldMessage::messageId).collect(Collectors.toSet());
        }
    }
}
