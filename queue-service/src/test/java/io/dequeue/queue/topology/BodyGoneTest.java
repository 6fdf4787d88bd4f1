package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
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

/** Bodies are read from mail.accepted at release: the one that was read, or none; never another's. */
class BodyGoneTest {
    private final QueueDriver q = new QueueDriver();

    @AfterEach
    void close() {
        q.close();
    }

    @Test
    void aReleaseSendsEachMessageWithItsOwnBodyReadFromItsOffset() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        q.gateway(Gateways.etrnToRequester("other.example"));
        Envelope a = q.accept("example.net", "alice@example.com", "bob");
        q.accept("other.example", "carol@example.com", "dave");
        Envelope b = q.accept("example.net", "erin@example.com", "frank");

        q.etrn("example.net", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> out = q.drainReleased();

        assertThat(out).hasSize(2);
        for (TestRecord<String, byte[]> r : out) {
            Envelope e = MailHeaders.envelope(r.headers());
            assertThat(e.messageId()).isIn(a.messageId(), b.messageId());
            assertThat(r.value()).isEqualTo(q.bodies.get(0, q.state(e.messageId()).acceptedOffset()).raw());
        }
        assertThat(q.visits.bodies()).isEqualTo(2);
    }

    @Test
    void aBrokerThatDoesNotAnswerFailsTheTaskInsteadOfGoingOnWithoutTheBody() {
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
            brokerDown.set(true);

            assertThatThrownBy(() -> d.etrn("example.net", "192.0.2.25", 0))
                    .hasRootCauseInstanceOf(TimeoutException.class)
                    .satisfies(t -> assertThat(BodyReadFailureHandler.decide(t))
                            .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD));
            assertThat(d.state(e.messageId())).isNotNull();
        }
    }

    @Test
    void aMessageWhoseRecordIsGoneIsRemovedNotReleasedWithAnotherBody() {
        q.gateway(Gateways.etrnToRequester("example.net"));
        Envelope gone = q.accept("example.net", "alice@example.com", "bob");
        Envelope kept = q.accept("example.net", "carol@example.com", "dave");
        HeldMessage m = q.state(gone.messageId());
        q.bodies.delete(0, m.acceptedOffset());

        q.etrn("example.net", "192.0.2.25", 0);
        List<TestRecord<String, byte[]>> out = q.drainReleased();

        assertThat(out).extracting(r -> MailHeaders.envelope(r.headers()).messageId())
                .containsExactly(kept.messageId());
        assertThat(q.state(gone.messageId())).isNull();
        assertThat(q.counters("example.net").heldCount()).isEqualTo(1);
    }
}
