package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.queue.body.BodyReadFailureHandler;
import io.dequeue.queue.body.BodySource;
import io.dequeue.queue.body.InMemoryBodies;
import io.dequeue.queue.store.HeldMessage;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ETRN release names each message's own mail.accepted record instead of carrying the body, and
 * reads no body; where queue-service still needs a body (a DSN), it reads the one at the message's
 * offset, or none: never another's.
 */
class BodyGoneTest {
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void aReleaseNamesEachMessagesOwnRecordAndReadsNoBody() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        q.gateway(Gateways.etrnToRequester("other.example"));
        Envelope a = q.accept("example.net", "alice@example.com", "bob");
        q.accept("other.example", "carol@example.com", "dave");
        Envelope b = q.accept("example.net", "erin@example.com", "frank");
        q.visits.reset();

        q.etrn("example.net", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> out = q.drainReleased();

        assertThat(out).hasSize(2);
        for (TestRecord<String, byte[]> r : out) {
            Envelope e = MailHeaders.envelope(r.headers());
            assertThat(e.messageId()).isIn(a.messageId(), b.messageId());
            assertThat(r.value()).isEmpty();
            assertThat(MailHeaders.acceptedRef(r.headers()))
                    .isEqualTo(new MailHeaders.AcceptedRef(0, q.state(e.messageId()).acceptedOffset()));
            assertThat(q.content(r)).isEqualTo(q.body(e.messageId()));
        }
        assertThat(q.visits.bodies()).isZero();
    }

    @Test
    void aBrokerThatDoesNotAnswerDoesNotStopAnEtrnReleaseButFailsTheTaskThatNeedsABody() {
        InMemoryBodies kept = new InMemoryBodies();
        AtomicBoolean brokerDown = new AtomicBoolean();
        BodySource.Factory flaky = partition -> {
            BodySource inner = kept.open(partition);
            return new BodySource() {
                @Override
                public AcceptedMail read(long offset, String messageId) {
                    if (brokerDown.get()) {
                        throw new TimeoutException("no answer");
                    }
                    return inner.read(offset, messageId);
                }

                @Override
                public void accepted(long offset, AcceptedMail mail) {
                    inner.accepted(offset, mail);
                }

                @Override
                public void close() {
                }
            };
        };
        try (QueueDriver d = new QueueDriver(QueueDriver.testOptions().withBodies(flaky))) {
            d.gateway(Gateways.etrnToRequester("example.net"));
            Envelope e = d.accept("example.net", "alice@example.com", "bob");
            Envelope f = d.accept("example.net", "alice@example.com", "carol");
            d.drainAll();
            brokerDown.set(true);

            d.etrn("example.net", "192.0.2.25", 0);
            assertThat(d.drainReleased()).hasSize(2);
            assertThatThrownBy(() -> d.admin("example.net", AdminRequest.Action.BOUNCE, f.messageId(), null, "closed"))
                    .hasRootCauseInstanceOf(TimeoutException.class)
                    .satisfies(t -> assertThat(BodyReadFailureHandler.decide(t))
                            .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD));
            assertThat(d.state(e.messageId())).isNotNull();
        }
    }

    @Test
    void aMessageWhoseRecordIsGoneIsReleasedByReferenceAndItsPermanentOutcomeRemovesItWithoutANotice() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        Envelope gone = q.accept("example.net", "alice@example.com", "bob");
        Envelope kept = q.accept("example.net", "carol@example.com", "dave");
        HeldMessage m = q.state(gone.messageId());
        q.bodies.delete(0, m.acceptedOffset());

        q.etrn("example.net", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> out = q.drainReleased();
        assertThat(out).extracting(r -> MailHeaders.envelope(r.headers()).messageId())
                .containsExactly(gone.messageId(), kept.messageId());
        assertThat(q.content(out.get(0))).isNull();

        // delivery-service cannot read it either, and says so with a permanent outcome
        String releaseId = MailHeaders.releaseId(out.get(0).headers());
        q.outcome("example.net", gone.messageId(), releaseId, QueueDriver.permanentFailure("bob@example.net"));

        assertThat(q.state(gone.messageId())).isNull();
        assertThat(q.drainReleased()).as("no notification without the original").isEmpty();
        assertThat(q.counters("example.net").heldCount()).isEqualTo(1);
    }
}
