package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.queue.dsn.Mime;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMessage;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static org.assertj.core.api.Assertions.assertThat;

/** The wall-clock punctuator: lease ends, maximum hold time, delay warnings; a tick costs what is due. */
class DeadlineTest {
    private static final String D = "example.net";
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void whenTheLeaseRunsOutTheMessageIsHeldAgainAndALateOutcomeStillCounts() {
        q.gateway(Gateways.etrnToRequester(D));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.etrn(D, "192.0.2.25", 0);
        String releaseId = MailHeaders.releaseId(q.drainReleased().get(0).headers());
        q.drainAll();

        q.advance(Duration.ofMinutes(9));
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        q.advance(Duration.ofMinutes(1).plusSeconds(1));
        HeldMessage m = q.state(e.messageId());
        assertThat(m.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(m.leaseDeadline()).isNull();
        assertThat(q.counters(D).inFlight()).isZero();
        assertThat(q.events()).filteredOn(ev -> ev.type() == LifecycleEvent.Type.HELD).singleElement()
                .satisfies(ev -> assertThat(ev.details()).containsEntry("reason", "lease-expired"));
        assertThat(q.metrics.get("lease-expired.delivery")).isEqualTo(1);

        // Not released again since: the latest release's outcome still settles it.
        q.outcome(D, e.messageId(), releaseId, delivered("bob@example.net"));
        assertThat(q.state(e.messageId())).isNull();
    }

    @Test
    void afterTheMaximumHoldTimeTheMessageExpiresWithANotification() {
        q.gateway(Gateways.both(D, Duration.ofHours(2), null));
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net"),
                new Envelope.Recipient("ann@example.net", List.of(Envelope.Notify.NEVER), null)),
                Envelope.Ret.HDRS, "E-1", "body");
        q.drainAll();

        q.advance(Duration.ofHours(1));
        assertThat(q.state(e.messageId())).isNotNull();
        q.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.hasBody(e.messageId())).isFalse();
        assertThat(q.counters(D).heldCount()).isZero();

        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).hasSize(1);
        Mime m = Mime.parse(q.content(out.get(0)));
        assertThat(m.parts().get(0).body).contains("held it for 2 hours");
        List<Map<String, String>> groups = m.parts().get(1).statusGroups();
        assertThat(groups).hasSize(2); // ann said NOTIFY=NEVER
        assertThat(groups.get(1)).containsEntry("Final-Recipient", "rfc822; bob@example.net")
                .containsEntry("Action", "failed").containsEntry("Status", "4.4.7");
        assertThat(m.parts().get(2).header("Content-Type")).isEqualTo("text/rfc822-headers");
        assertThat(q.events()).extracting(LifecycleEvent::type)
                .contains(LifecycleEvent.Type.EXPIRED, LifecycleEvent.Type.BOUNCED);
    }

    @Test
    void aNullSendersMessageExpiresWithoutNotification() {
        q.gateway(Gateways.both(D, Duration.ofHours(1), null));
        Envelope e = q.accept(D, "", "bob");
        q.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.drainReleased()).isEmpty();
        assertThat(q.events()).extracting(LifecycleEvent::type).contains(LifecycleEvent.Type.EXPIRED)
                .doesNotContain(LifecycleEvent.Type.BOUNCED);
    }

    @Test
    void aMessageInFlightExpiresOnlyWhenItsReleaseIsOver() {
        q.gateway(Gateways.both(D, Duration.ofMinutes(5), null));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.etrn(D, "192.0.2.25", 0);
        q.drainAll();
        q.advance(Duration.ofMinutes(5).plusSeconds(1)); // max hold reached, lease (10 min) still live
        assertThat(q.state(e.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        q.advance(Duration.ofMinutes(5).plusSeconds(1)); // lease over: held again, then expired
        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.drainReleased()).hasSize(1); // the DSN
    }

    @Test
    void aDelayWarningGoesOutOnceToRecipientsThatAskedForIt() {
        q.gateway(Gateways.both(D, Duration.ofDays(7), Duration.ofHours(4)));
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                List.of(Envelope.Notify.DELAY, Envelope.Notify.FAILURE), null), new Envelope.Recipient("x@example.net")),
                Envelope.Ret.HDRS, null, "b");
        q.drainAll();
        q.advance(Duration.ofHours(4).plusSeconds(1));
        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).hasSize(1);
        Mime m = Mime.parse(q.content(out.get(0)));
        assertThat(m.header("Subject")).isEqualTo("Delayed Mail (still being retried)");
        assertThat(m.parts().get(1).statusGroups()).hasSize(2);
        assertThat(m.parts().get(1).statusGroups().get(1)).containsEntry("Action", "delayed")
                .containsEntry("Final-Recipient", "rfc822; bob@example.net");
        assertThat(q.state(e.messageId()).warnAt()).isNull();
        q.advance(Duration.ofHours(4));
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void aTickWithNothingDueVisitsNothing() {
        q.gateway(Gateways.etrnToRequester(D));
        for (int i = 0; i < 50; i++) {
            q.accept(D, "alice@example.com", "r" + i);
        }
        q.advance(Duration.ofSeconds(2)); // the throttled usage record goes out
        q.drainAll();
        assertThat(q.deadlines()).extracting(DeadlineKey::kind).containsOnly(DeadlineKey.Kind.EXPIRY);
        q.visits.reset();
        for (int i = 0; i < 5; i++) {
            q.advance(Duration.ofSeconds(1));
        }
        assertThat(q.visits.total()).isZero();
        assertThat(q.released.isEmpty()).isTrue();
        assertThat(q.lifecycle.isEmpty()).isTrue();
    }
}
