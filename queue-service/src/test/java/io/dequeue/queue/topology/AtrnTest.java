package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.QueueStores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.dequeue.queue.topology.QueueDriver.delivered;
import static org.assertj.core.api.Assertions.assertThat;

/** ATRN: grants, busy, no mail, refused, the end of a session, the grant's lease. */
class AtrnTest {
    private static final String D = "example.net";
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void aGrantIsAnsweredFirstAndFollowedByEveryHeldMessage() {
        q.gateway(Gateways.atrn(D, false));
        Envelope a = q.accept(D, "alice@example.com", "bob");
        Envelope b = q.accept(D, "carol@example.org", "sales");
        q.drainAll();

        String requestId = q.atrn(D, "sess-1", 1);
        List<TestRecord<String, byte[]>> replies = q.drainReplies();
        assertThat(replies).hasSize(3);
        assertThat(CloudEvents.type(replies.get(0).headers())).isEqualTo(EventTypes.REPLY_ATRN);
        AtrnAnswer answer = (AtrnAnswer) Json.read(replies.get(0).value(), EdgeReply.class);
        assertThat(answer.requestId()).isEqualTo(requestId);
        assertThat(answer.outcome()).isEqualTo(AtrnAnswer.Outcome.GRANTED);
        assertThat(answer.messages()).isEqualTo(2);
        assertThat(answer.sessionId()).isEqualTo("sess-1");
        assertThat(answer.leaseDeadline()).isEqualTo(q.now().plus(Duration.ofMinutes(30)));

        for (int i = 1; i <= 2; i++) {
            TestRecord<String, byte[]> m = replies.get(i);
            assertThat(CloudEvents.type(m.headers())).isEqualTo(EventTypes.REPLY_ATRN_MESSAGE);
            assertThat(CloudEvents.get(m.headers(), CloudEvents.CONTENT_TYPE)).isEqualTo(CloudEvents.RFC822);
            assertThat(CloudEvents.get(m.headers(), MailHeaders.SESSION_ID)).isEqualTo("sess-1");
            assertThat(MailHeaders.releaseId(m.headers())).isEqualTo(answer.releaseId());
            assertThat(MailHeaders.target(m.headers())).isNull();
            assertThat(MailHeaders.attempt(m.headers())).isEqualTo(1);
        }
        assertThat(MailHeaders.envelope(replies.get(1).headers()).messageId()).isEqualTo(a.messageId());
        assertThat(replies.get(1).value()).isEqualTo(q.body(a.messageId()));
        assertThat(MailHeaders.envelope(replies.get(2).headers()).messageId()).isEqualTo(b.messageId());
        assertThat(q.drainReleased()).isEmpty();
        assertThat(q.state(a.messageId()).grantSession()).isEqualTo("sess-1");
        assertThat(q.events()).extracting(LifecycleEvent::type).containsExactly(LifecycleEvent.Type.ATRN,
                LifecycleEvent.Type.RELEASED, LifecycleEvent.Type.RELEASED);
    }

    @Test
    void oneSessionAtATimeAnswersBusyWhileAGrantLives() {
        q.gateway(Gateways.atrn(D, true));
        q.accept(D, "alice@example.com", "bob");
        q.atrn(D, "sess-1", 0);
        q.drainReplies();
        q.accept(D, "alice@example.com", "carol");
        q.atrn(D, "sess-2", 2);
        List<EdgeReply> answers = q.answers();
        assertThat(answers).singleElement()
                .satisfies(r -> assertThat(((AtrnAnswer) r).outcome()).isEqualTo(AtrnAnswer.Outcome.BUSY));
        assertThat(q.count(QueueStores.GRANTS)).isEqualTo(1);
    }

    @Test
    void withoutOneSessionAtATimeASecondSessionGetsWhatIsLeft() {
        q.gateway(Gateways.atrn(D, false));
        q.accept(D, "alice@example.com", "bob");
        q.atrn(D, "sess-1", 0);
        q.drainReplies();
        Envelope c = q.accept(D, "alice@example.com", "carol");
        q.atrn(D, "sess-2", 2);
        List<TestRecord<String, byte[]>> r = q.drainReplies();
        assertThat(r).hasSize(2);
        assertThat(((AtrnAnswer) Json.read(r.get(0).value(), EdgeReply.class)).messages()).isEqualTo(1);
        assertThat(MailHeaders.envelope(r.get(1).headers()).messageId()).isEqualTo(c.messageId());
    }

    @Test
    void nothingHeldAnswersNoMailAndKeepsNoGrant() {
        q.gateway(Gateways.atrn(D, true));
        q.atrn(D, "sess-1", 0);
        assertThat(((AtrnAnswer) q.answers().get(0)).outcome()).isEqualTo(AtrnAnswer.Outcome.NO_MAIL);
        assertThat(q.count(QueueStores.GRANTS)).isZero();
        assertThat(q.metrics.get("atrn.no-mail")).isEqualTo(1);
    }

    @Test
    void atrnOffIsRefused() {
        q.gateway(Gateways.etrnToRequester(D));
        q.accept(D, "alice@example.com", "bob");
        q.atrn(D, "sess-1", 0);
        assertThat(((AtrnAnswer) q.answers().get(0)).outcome()).isEqualTo(AtrnAnswer.Outcome.REFUSED);
        q.atrn("nogateway.example", "sess-1", 0);
        assertThat(((AtrnAnswer) q.answers().get(0)).outcome()).isEqualTo(AtrnAnswer.Outcome.REFUSED);
        assertThat(q.metrics.get("atrn.refused")).isEqualTo(2);
    }

    @Test
    void theEndOfASessionReturnsItsUnsettledMailAndFreesTheDomain() {
        q.gateway(Gateways.atrn(D, true));
        Envelope a = q.accept(D, "alice@example.com", "bob");
        Envelope b = q.accept(D, "alice@example.com", "carol");
        q.atrn(D, "sess-1", 0);
        String releaseId = ((AtrnAnswer) Json.read(q.drainReplies().get(0).value(), EdgeReply.class)).releaseId();
        q.outcome(D, a.messageId(), releaseId, delivered("bob@example.net"));
        q.atrnEnd(D, "sess-1", releaseId);

        assertThat(q.state(a.messageId())).isNull();
        HeldMessage mb = q.state(b.messageId());
        assertThat(mb.state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(mb.grantSession()).isNull();
        assertThat(q.count(QueueStores.GRANTS)).isZero();
        assertThat(q.counters(D).inFlight()).isZero();

        q.atrn(D, "sess-2", 0);
        List<TestRecord<String, byte[]>> r = q.drainReplies();
        assertThat(((AtrnAnswer) Json.read(r.get(0).value(), EdgeReply.class)).outcome())
                .isEqualTo(AtrnAnswer.Outcome.GRANTED);
        assertThat(MailHeaders.attempt(r.get(1).headers())).isEqualTo(2);
    }

    @Test
    void aGrantWithoutNewsEndsWithItsLease() {
        q.gateway(Gateways.atrn(D, true));
        Envelope a = q.accept(D, "alice@example.com", "bob");
        q.atrn(D, "sess-1", 0);
        q.drainAll();
        q.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(q.state(a.messageId()).state()).isEqualTo(HeldMessage.State.HELD);
        assertThat(q.count(QueueStores.GRANTS)).isZero();
        assertThat(q.events()).filteredOn(e -> e.type() == LifecycleEvent.Type.HELD).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "atrn-lease-expired"));
        assertThat(q.metrics.get("lease-expired.atrn")).isEqualTo(1);
        assertThat(q.metrics.get("atrn.granted")).isEqualTo(1);
        assertThat(q.metrics.get("release.atrn")).isEqualTo(1);
    }

    @Test
    void anEtrnDuringAnAtrnSessionLeavesTheSessionsMessagesAlone() {
        q.gateway(Gateways.both(D, null, null));
        q.accept(D, "alice@example.com", "bob");
        q.atrn(D, "sess-1", 0);
        q.drainAll();
        q.etrn(D, "192.0.2.25", 0);
        assertThat(q.drainReleased()).isEmpty();
    }

    @Test
    void outcomesRenewTheGrantOnceATenthOfTheLeaseHasPassed() {
        q.gateway(Gateways.atrn(D, true));
        Envelope a = q.accept(D, "alice@example.com", "bob");
        Envelope b = q.accept(D, "alice@example.com", "carol");
        Envelope c = q.accept(D, "alice@example.com", "dave");
        Envelope d = q.accept(D, "alice@example.com", "erin");
        q.atrn(D, "sess-1", 0);
        String releaseId = ((AtrnAnswer) Json.read(q.drainReplies().get(0).value(), EdgeReply.class)).releaseId();
        Instant first = q.now().plus(Duration.ofMinutes(30));
        assertThat(grantDeadlines()).containsExactly(first);

        q.advance(Duration.ofMinutes(2));
        q.outcome(D, a.messageId(), releaseId, delivered("bob@example.net"));
        assertThat(grantDeadlines()).as("2 of 30 minutes passed: not renewed yet").containsExactly(first);

        q.advance(Duration.ofMinutes(1).plusSeconds(1));
        q.outcome(D, b.messageId(), releaseId, delivered("carol@example.net"));
        Instant renewed = q.now().plus(Duration.ofMinutes(30));
        assertThat(grantDeadlines()).as("a tenth of the lease passed: renewed").containsExactly(renewed);

        q.advance(Duration.ofMinutes(28));
        q.outcome(D, c.messageId(), releaseId, delivered("dave@example.net"));
        q.advance(Duration.ofMinutes(3));
        // 32 minutes after the grant: the session lives on, its last message still released to it
        assertThat(q.count(QueueStores.GRANTS)).isEqualTo(1);
        assertThat(q.state(d.messageId()).state()).isEqualTo(HeldMessage.State.RELEASED);
        assertThat(q.state(d.messageId()).grantSession()).isEqualTo("sess-1");
    }

    private List<Instant> grantDeadlines() {
        return q.deadlines().stream().filter(k -> k.kind() == DeadlineKey.Kind.GRANT)
                .map(k -> Instant.ofEpochMilli(k.at())).toList();
    }
}
