package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.dsn.Mime;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMessage;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static io.dequeue.queue.topology.QueueDriver.permanentFailure;
import static io.dequeue.queue.topology.QueueDriver.transientFailure;
import static org.assertj.core.api.Assertions.assertThat;

/** delivery.outcomes: per-recipient results, stale releases, DSNs on permanent failure. */
class OutcomeTest {
    private static final String D = "example.net";
    private final QueueDriver q = new QueueDriver();

    @BeforeEach
    void gateway() {
        q.gateway(Gateways.etrnToRequester(D));
    }

    @AfterEach
    void close() {
        q.close();
    }

    private String release() {
        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> r = q.drainReleased();
        q.drainAll();
        return MailHeaders.releaseId(r.get(r.size() - 1).headers());
    }

    @Test
    void deliveredRemovesTheMessageAndItsBody() {
        Envelope e = q.accept(D, "alice@example.com", "bob");
        String releaseId = release();
        q.outcome(D, e.messageId(), releaseId, delivered("bob@example.net"));

        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.hasBody(e.messageId())).isFalse();
        // nothing of the message's own; its release batch's lease stays until it falls due (and finds nothing)
        assertThat(q.messageDeadlines()).extracting(DeadlineKey::kind)
                .containsOnly(DeadlineKey.Kind.BATCH_LEASE);
        assertThat(q.counters(D).heldCount()).isZero();
        assertThat(q.counters(D).heldBytes()).isZero();
        assertThat(q.counters(D).inFlight()).isZero();
        // the delivered event is delivery-service's (it made the attempt); the queue does not repeat it
        assertThat(q.events()).isEmpty();
    }

    @Test
    void anOutcomeOfAnOlderReleaseIsIgnored() {
        Envelope e = q.accept(D, "alice@example.com", "bob");
        String first = release();
        q.outcome(D, e.messageId(), first, transientFailure("bob@example.net"));
        String second = release();
        assertThat(second).isNotEqualTo(first);

        q.outcome(D, e.messageId(), first, delivered("bob@example.net"));
        HeldMessage m = q.state(e.messageId());
        assertThat(m).isNotNull();
        assertThat(m.state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(m.releaseId()).isEqualTo(second);
        assertThat(q.metrics.get("stale")).isEqualTo(1);
        assertThat(q.events()).isEmpty();
    }

    @Test
    void anOutcomeForAnUnknownMessageIsCountedAndIgnored() {
        q.outcome(D, "no-such-message", "r-1", delivered("bob@example.net"));
        assertThat(q.metrics.get("unknown")).isEqualTo(1);
    }

    @Test
    void transientGoesBackToHeldAndTheNextEtrnReleasesItAgain() {
        Envelope e = q.accept(D, "alice@example.com", "bob");
        String first = release();
        q.outcome(D, e.messageId(), first, transientFailure("bob@example.net"));

        HeldMessage m = q.state(e.messageId());
        assertThat(m.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(m.lastReply()).isEqualTo("452 4.2.2 Mailbox full, try again later");
        assertThat(m.pending()).hasSize(1);
        assertThat(q.counters(D).inFlight()).isZero();
        assertThat(q.events()).extracting(LifecycleEvent::type)
                .containsExactly(LifecycleEvent.Type.HELD);

        q.etrn(D, "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> again = q.drainReleased();
        assertThat(again).hasSize(1);
        assertThat(MailHeaders.attempt(again.get(0).headers())).isEqualTo(2);
        assertThat(MailHeaders.releaseId(again.get(0).headers())).isNotEqualTo(first);
    }

    @Test
    void mixedOutcomesKeepOnlyThePendingRecipients() {
        Envelope e = q.accept(D, "alice@example.com", "a", "b", "c", "d");
        String r1 = release();
        q.outcome(D, e.messageId(), r1, delivered("a@example.net"), transientFailure("b@example.net"),
                permanentFailure("c@example.net"));
        HeldMessage m = q.state(e.messageId());
        assertThat(m.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(m.pending()).extracting(Envelope.Recipient::address)
                .containsExactly("b@example.net", "d@example.net"); // d was not attempted

        List<TestRecord<String, byte[]>> dsn = q.drainReleased();
        assertThat(dsn).hasSize(1);
        Mime report = Mime.parse(q.content(dsn.get(0)));
        List<Map<String, String>> groups = report.parts().get(1).statusGroups();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1)).containsEntry("Final-Recipient", "rfc822; c@example.net");

        q.etrn(D, "192.0.2.25", 0);
        TestRecord<String, byte[]> again = q.drainReleased().get(0);
        assertThat(MailHeaders.envelope(again.headers()).recipients()).extracting(Envelope.Recipient::address)
                .containsExactly("b@example.net", "d@example.net");
        String r2 = MailHeaders.releaseId(again.headers());
        q.outcome(D, e.messageId(), r2, delivered("b@example.net"), delivered("d@example.net"));
        assertThat(q.state(e.messageId())).isNull();
    }

    @Test
    void notificationsGoToTheConfiguredPortOfTheSendersMailHosts() {
        try (QueueDriver custom = new QueueDriver(QueueOptions.defaults().withDsnPort(2525))) {
            custom.gateway(Gateways.etrnToRequester(D));
            Envelope e = custom.accept(D, "alice@example.com", "bob");
            custom.etrn(D, "192.0.2.25", 0);
            List<TestRecord<String, byte[]>> r = custom.drainReleased();
            custom.drainAll();
            custom.outcome(D, e.messageId(), MailHeaders.releaseId(r.get(r.size() - 1).headers()),
                    permanentFailure("bob@example.net"));

            List<TestRecord<String, byte[]>> out = custom.drainReleased();
            assertThat(out).hasSize(1);
            assertThat(MailHeaders.target(out.get(0).headers()))
                    .isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "example.com", 2525));
        }
    }

    @Test
    void permanentFailureSendsAnRfc3464ReportToTheSenderAndRemovesTheMessage() {
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                List.of(Envelope.Notify.FAILURE), "rfc822;bob@example.net")), Envelope.Ret.FULL, "ENV-42", "Body text");
        String r = release();
        q.outcome(D, e.messageId(), r, permanentFailure("bob@example.net"));

        assertThat(q.state(e.messageId())).isNull();
        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).hasSize(1);
        TestRecord<String, byte[]> dsn = out.get(0);
        assertThat(dsn.key()).isEqualTo("example.com"); // the sender's domain
        assertThat(CloudEvents.get(dsn.headers(), MailHeaders.IS_DSN)).isEqualTo("true");
        assertThat(MailHeaders.target(dsn.headers())).isEqualTo(new ReleaseTarget(ReleaseTarget.Kind.MX, "example.com", 25));
        Envelope dsnEnvelope = MailHeaders.envelope(dsn.headers());
        assertThat(dsnEnvelope.isNullSender()).isTrue();
        assertThat(dsnEnvelope.recipients()).extracting(Envelope.Recipient::address).containsExactly("alice@example.com");

        Mime m = Mime.parse(q.content(dsn));
        assertThat(m.header("Subject")).isEqualTo("Undelivered Mail Returned to Sender");
        List<Mime> parts = m.parts();
        assertThat(parts).hasSize(3);
        Map<String, String> perMessage = parts.get(1).statusGroups().get(0);
        assertThat(perMessage).containsEntry("Original-Envelope-Id", "ENV-42").containsKey("Arrival-Date");
        Map<String, String> rcpt = parts.get(1).statusGroups().get(1);
        assertThat(rcpt).containsEntry("Final-Recipient", "rfc822; bob@example.net")
                .containsEntry("Original-Recipient", "rfc822; bob@example.net")
                .containsEntry("Action", "failed").containsEntry("Status", "5.1.1")
                .containsEntry("Diagnostic-Code", "smtp; 550 5.1.1 User unknown");
        assertThat(parts.get(2).header("Content-Type")).isEqualTo("message/rfc822");
        assertThat(parts.get(2).body).contains("Body text");

        // the bounce of the original, then the DSN's own life: held for the sender's domain, released to it
        assertThat(q.events()).extracting(LifecycleEvent::type, ev -> ev.domain().value()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LifecycleEvent.Type.BOUNCED, D),
                org.assertj.core.groups.Tuple.tuple(LifecycleEvent.Type.HELD, "example.com"),
                org.assertj.core.groups.Tuple.tuple(LifecycleEvent.Type.RELEASED, "example.com"));
        assertThat(q.metrics.get("dsn.failed")).isEqualTo(1);
    }

    @Test
    void retHdrsReturnsOnlyTheHeaders() {
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net")),
                Envelope.Ret.HDRS, null, "Secret body");
        q.outcome(D, e.messageId(), release(), permanentFailure("bob@example.net"));
        Mime m = Mime.parse(q.content(q.drainReleased().get(0)));
        Mime third = m.parts().get(2);
        assertThat(third.header("Content-Type")).isEqualTo("text/rfc822-headers");
        assertThat(third.body).contains("Subject: Test for example.net").doesNotContain("Secret body");
    }

    @Test
    void theNullSenderGetsNoNotification() {
        Envelope e = q.accept(D, "", "bob");
        q.outcome(D, e.messageId(), release(), permanentFailure("bob@example.net"));
        assertThat(q.state(e.messageId())).isNull();
        assertThat(q.drainReleased()).isEmpty();
        assertThat(q.events()).isEmpty(); // no DSN, so no bounced event; failed was the attempt's
    }

    @Test
    void notifyNeverGetsNoNotification() {
        Envelope e = q.accept(D, "alice@example.com", List.of(new Envelope.Recipient("bob@example.net",
                List.of(Envelope.Notify.NEVER), null)), null, null, "x");
        q.outcome(D, e.messageId(), release(), permanentFailure("bob@example.net"));
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void aNotificationForASenderHeldHereJoinsThatDomainsHeldMail() {
        q.gateway(Gateways.etrnToRequester("example.com"));
        Envelope e = q.accept(D, "alice@example.com", "bob");
        q.outcome(D, e.messageId(), release(), permanentFailure("bob@example.net"));
        assertThat(q.drainReleased()).isEmpty();
        List<TestRecord<String, byte[]>> handed = q.acceptedOut.readRecordsToList();
        assertThat(handed).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("example.com");
            assertThat(CloudEvents.get(r.headers(), MailHeaders.IS_DSN)).isEqualTo("true");
        });
        // The driver feeds it back: it is held for example.com, marked as a DSN (never bounced again).
        assertThat(q.counters("example.com").heldCount()).isEqualTo(1);
        try (var it = q.messages().range("example.com\u0000", "example.com\u0000\uffff")) {
            HeldMessage dsn = it.next().value;
            assertThat(dsn.dsn()).isTrue();
            assertThat(dsn.sender()).isEmpty();
        }
    }
}
