package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.settings.DeliverTo;
import io.dequeue.queue.dsn.Mime;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static org.assertj.core.api.Assertions.assertThat;

/** Operator actions (drop, bounce, release) and the per-domain usage records. */
class AdminAndUsageTest {
    private static final String D = "example.net";
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void dropRemovesTheMessageAndNamesTheOperator() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.drainAll();
        q.admin(D, AdminRequest.Action.DROP, e.messageId(), null, null);
        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.hasBody(e.messageId())).isFalse();
        assertThat(q.drainReleased()).isEmpty();
        assertThat(q.events()).singleElement().satisfies(ev -> {
            assertThat(ev.type()).isEqualTo(LifecycleEvent.Type.DROPPED);
            assertThat(ev.details()).containsEntry("principal", "ops-admin");
        });
    }

    @Test
    void bounceReturnsTheMessageWithTheOperatorsReason() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.drainAll();
        q.admin(D, AdminRequest.Action.BOUNCE, e.messageId(), null, "the customer closed the account");
        assertThat(q.state(e.messageId())).isNull();
        TestRecord<String, byte[]> dsn = q.drainReleased().get(0);
        Mime m = Mime.parse(q.content(dsn));
        assertThat(m.parts().get(0).body).contains("the customer closed the account");
        assertThat(m.parts().get(1).statusGroups().get(1)).containsEntry("Status", "5.0.0")
                .containsEntry("Diagnostic-Code", "x-dequeue; returned by the gateway's operator: the customer closed the account");
        // the bounce of the original; the DSN's own events follow under the sender's domain
        assertThat(q.events().stream().filter(ev -> ev.domain().value().equals(D))).singleElement().satisfies(ev -> {
            assertThat(ev.type()).isEqualTo(LifecycleEvent.Type.BOUNCED);
            assertThat(ev.details()).containsEntry("principal", "ops-admin").containsEntry("dsnSent", true);
        });
    }

    @Test
    void releaseByTheOperatorCanOverrideTheTarget() {
        q.gateway(Gateways.etrnToRequester(D));
        q.accept(D, "alice@example.com", "bob");
        q.admin(D, AdminRequest.Action.RELEASE, null, DeliverTo.host("[IPv6:2001:db8::25]"), null);
        List<TestRecord<String, byte[]>> r = q.drainReleased();
        assertThat(r).hasSize(1);
        assertThat(MailHeaders.target(r.get(0).headers()))
                .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, "2001:db8::25", 25));
        assertThat(q.answers()).isEmpty();
        assertThat(q.events()).filteredOn(e -> e.type() == LifecycleEvent.Type.RELEASED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("principal", "ops-admin"));
    }

    @Test
    void releaseWithoutTargetForARequesterIpGatewayReleasesNothing() {
        q.gateway(Gateways.etrnToRequester(D));
        q.accept(D, "alice@example.com", "bob");
        q.admin(D, AdminRequest.Action.RELEASE, null, null, null);
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void usageCountsHeldBytesOldestAndInFlight() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope first = q.accept(D, "alice@example.com", "a");
        List<QueueUsage> u = q.usages();
        assertThat(u).singleElement().satisfies(x -> {
            assertThat(x.heldCount()).isEqualTo(1);
            assertThat(x.heldBytes()).isEqualTo(first.size());
            assertThat(x.oldestHeldAt()).isEqualTo(first.receivedAt());
            assertThat(x.inFlight()).isZero();
        });
        q.advance(Duration.ofMillis(10));
        Envelope second = q.accept(D, "alice@example.com", "b");
        q.accept(D, "alice@example.com", "c");
        assertThat(q.usages()).as("throttled: at most one per second").isEmpty();
        q.advance(Duration.ofSeconds(1));
        QueueUsage after = q.usages().get(0);
        assertThat(after.heldCount()).isEqualTo(3);
        assertThat(after.oldestHeldAt()).isEqualTo(first.receivedAt());

        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> released = q.drainReleased();
        q.advance(Duration.ofSeconds(1));
        QueueUsage inFlight = q.usages().get(0);
        assertThat(inFlight.heldCount()).isEqualTo(3);
        assertThat(inFlight.inFlight()).isEqualTo(3);

        for (TestRecord<String, byte[]> r : released) {
            Envelope e = MailHeaders.envelope(r.headers());
            q.outcome(D, e.messageId(), MailHeaders.releaseId(r.headers()), delivered(e.recipients().get(0).address()));
        }
        q.advance(Duration.ofSeconds(1));
        QueueUsage empty = q.usages().get(0);
        assertThat(empty.heldCount()).isZero();
        assertThat(empty.heldBytes()).isZero();
        assertThat(empty.inFlight()).isZero();
        assertThat(empty.oldestHeldAt()).isNull();
        assertThat(second).isNotNull();
    }

    @Test
    void anUnreadableRecordIsSkippedAndCounted() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = new Envelope("m-1", null, "a@example.com", null, null, null, 3,
                List.of(new Envelope.Recipient("bob@example.net")), null, null, null, false, q.now());
        q.acceptRaw("NOT A DOMAIN", e, new byte[] {1, 2, 3});
        assertThat(q.metrics.get("malformed")).isEqualTo(1);
        q.accept(D, "alice@example.com", "bob");
        assertThat(q.counters(D).heldCount()).isEqualTo(1);
    }
}
