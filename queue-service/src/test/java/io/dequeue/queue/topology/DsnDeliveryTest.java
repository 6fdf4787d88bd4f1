package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.store.HeldMessage;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static io.dequeue.queue.topology.QueueDriver.permanentFailure;
import static io.dequeue.queue.topology.QueueDriver.transientFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's DSNs are held like any mail (keyed by the sender's domain), released to the
 * sender's mail hosts at once, retried after temporary failures, dropped (never bounced) after a
 * permanent one, and expired like any message; a sender at an address literal is reached through
 * the literal queue with an {@code mx} target, so delivery-service applies its strict rules.
 */
class DsnDeliveryTest {
    private static final String D = "example.net";
    private static final String SENDER_DOMAIN = "example.com";
    private final QueueDriver q = new QueueDriver(QueueDriver.testOptions()
            .withDsnRetry(Duration.ofMinutes(1), Duration.ofMinutes(3)));

    @BeforeEach
    void gateway() {
        q.gateway(Gateways.etrnToRequester(D));
    }

    @AfterEach
    void close() {
        q.close();
    }

    /** A message of D from {@code sender} fails permanently: the DSN's mail.released record. */
    private TestRecord<String, byte[]> bounce(String sender) {
        Envelope e = q.accept(D, sender, "bob");
        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> r = q.drainReleased();
        q.drainAll();
        q.outcome(D, e.messageId(), MailHeaders.releaseId(r.get(r.size() - 1).headers()),
                permanentFailure("bob@example.net"));
        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String id(TestRecord<String, byte[]> r) {
        return MailHeaders.envelope(r.headers()).messageId();
    }

    private TestRecord<String, byte[]> nextRelease() {
        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void aDsnIsHeldAndRetriedUntilItIsDelivered() {
        TestRecord<String, byte[]> first = bounce("alice@example.com");
        String id = id(first);
        assertThat(first.key()).isEqualTo(SENDER_DOMAIN);
        assertThat(CloudEvents.get(first.headers(), MailHeaders.IS_DSN)).isEqualTo("true");
        assertThat(MailHeaders.target(first.headers())).isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, SENDER_DOMAIN, 25));
        assertThat(MailHeaders.attempt(first.headers())).isEqualTo(1);
        HeldMessage held = q.state(id);
        assertThat(held).as("the DSN is held for the sender's domain").isNotNull();
        assertThat(held.domain()).isEqualTo(SENDER_DOMAIN);
        assertThat(held.dsn()).isTrue();
        assertThat(held.state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(q.counters(SENDER_DOMAIN).inFlight()).isEqualTo(1);

        // a temporary failure: held again, the next attempt a minute later
        q.outcome(SENDER_DOMAIN, id, MailHeaders.releaseId(first.headers()), transientFailure("alice@example.com"));
        assertThat(q.state(id).state()).isEqualTo(HeldMessage.State.HELD);
        q.advance(Duration.ofSeconds(58));
        assertThat(q.drainReleased()).isEmpty();
        q.advance(Duration.ofSeconds(3));
        TestRecord<String, byte[]> second = nextRelease();
        assertThat(MailHeaders.attempt(second.headers())).isEqualTo(2);
        assertThat(MailHeaders.releaseId(second.headers())).isNotEqualTo(MailHeaders.releaseId(first.headers()));

        // no outcome within the lease: held again, the next attempt two minutes after that
        q.advance(q.options.lease());
        assertThat(q.state(id).state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(q.drainReleased()).isEmpty();
        q.advance(Duration.ofMinutes(2).plusSeconds(1));
        TestRecord<String, byte[]> third = nextRelease();
        assertThat(MailHeaders.attempt(third.headers())).isEqualTo(3);

        q.outcome(SENDER_DOMAIN, id, MailHeaders.releaseId(third.headers()), delivered("alice@example.com"));
        assertThat(q.state(id)).isNull();
        assertThat(q.hasBody(id)).isFalse();
        assertThat(q.counters(SENDER_DOMAIN).heldCount()).isZero();
        assertThat(q.counters(SENDER_DOMAIN).inFlight()).isZero();
        q.advance(Duration.ofMinutes(5));
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void aDsnThatFailsPermanentlyIsDroppedNeverBounced() {
        TestRecord<String, byte[]> dsn = bounce("alice@example.com");
        String id = id(dsn);
        assertThat(q.state(id)).isNotNull();
        q.drainAll();
        q.outcome(SENDER_DOMAIN, id, MailHeaders.releaseId(dsn.headers()), permanentFailure("alice@example.com"));
        assertThat(q.state(id)).isNull();
        assertThat(q.acceptedOut.readRecordsToList()).isEmpty(); // no DSN about the DSN
        assertThat(q.drainReleased()).isEmpty();
        assertThat(q.metrics.get("dsn")).isEqualTo(1);
        q.advance(Duration.ofMinutes(5));
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void aDsnThatNeverGetsThroughExpiresWithoutAnotherDsn() {
        TestRecord<String, byte[]> dsn = bounce("alice@example.com");
        String id = id(dsn);
        q.drainAll();
        q.advance(Duration.ofDays(7).plusMinutes(1)); // lease ends, then the hold time
        assertThat(q.state(id)).isNull();
        List<LifecycleEvent> events = q.events();
        assertThat(events).filteredOn(ev -> ev.type() == LifecycleEvent.Type.EXPIRED).singleElement()
                .satisfies(ev -> {
                    assertThat(ev.domain().value()).isEqualTo(SENDER_DOMAIN);
                    assertThat(ev.messageId()).isEqualTo(id);
                    assertThat(ev.details()).doesNotContainKey("dsnMessageId");
                });
        assertThat(events).noneMatch(ev -> ev.type() == LifecycleEvent.Type.BOUNCED);
        assertThat(q.acceptedOut.readRecordsToList()).isEmpty();
    }

    @Test
    void aSenderAtAnAddressLiteralIsReachedAsAMailDomainNeverAsAConfiguredIp() {
        // MAIL FROM:<alice@[10.0.0.5]>: the DSN must not become a release "to IP 10.0.0.5" (which
        // delivery-service would treat as an operator's choice); it is the mail domain [10.0.0.5]
        TestRecord<String, byte[]> v4 = bounce("alice@[10.0.0.5]");
        assertThat(v4.key()).isEqualTo(DsnDelivery.LITERAL_SENDERS);
        assertThat(MailHeaders.target(v4.headers())).isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "10.0.0.5", 25));
        assertThat(q.state(id(v4)).domain()).isEqualTo(DsnDelivery.LITERAL_SENDERS);
        TestRecord<String, byte[]> v6 = bounce("carol@[IPv6:2001:db8::5]");
        assertThat(MailHeaders.target(v6.headers())).isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "2001:db8::5", 25));
        assertThat(q.counters(DsnDelivery.LITERAL_SENDERS).inFlight()).isEqualTo(2);
    }

    @Test
    void queueKeysAndTargetsOfSenders() {
        assertThat(DsnDelivery.queueKey("a@Example.COM")).isEqualTo("example.com");
        assertThat(DsnDelivery.queueKey("a@[192.0.2.1]")).isEqualTo(DsnDelivery.LITERAL_SENDERS);
        assertThat(DsnDelivery.queueKey("a@[not-an-ip]")).isNull();
        assertThat(DsnDelivery.queueKey("a@")).isNull();
        assertThat(DsnDelivery.target("a@[IPv6:::1]", 25)).isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "::1", 25));
        assertThat(DsnDelivery.target("a@B\u00fccher.example", 2525))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "xn--bcher-kva.example", 2525));
    }

    @Test
    void theWaitBetweenAttemptsDoublesUpToTheLongest() {
        QueueOptions o = QueueOptions.defaults().withDsnRetry(Duration.ofMinutes(1), Duration.ofMinutes(30));
        assertThat(o.dsnRetryAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.dsnRetryAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.dsnRetryAfter(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(o.dsnRetryAfter(6)).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.dsnRetryAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
        assertThat(QueueOptions.defaults().dsnRetryAfter(100)).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> o.withDsnRetry(Duration.ofMillis(500), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withDsnRetry(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
