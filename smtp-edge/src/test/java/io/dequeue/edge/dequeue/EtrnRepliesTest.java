package io.dequeue.edge.dequeue;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.smtp.reply.Replies;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** From queue-service's answers to the one ETRN reply. */
class EtrnRepliesTest {
    static final String N = "client.example";

    static EtrnResult answer(EtrnAnswer.Outcome o, int released, int inFlight) {
        return EtrnResult.of(new EtrnAnswer("r", DomainName.parse(N), o, released, inFlight, Instant.now()));
    }

    @Test
    void released() {
        assertThat(EtrnReplies.answer(N, List.of(answer(EtrnAnswer.Outcome.RELEASED, 3, 0))).toString())
                .isEqualTo("253 2.0.0 OK, 3 pending messages for node client.example started");
    }

    @Test
    void subtreeSums() {
        assertThat(EtrnReplies.answer("@" + N, List.of(answer(EtrnAnswer.Outcome.RELEASED, 3, 0),
                answer(EtrnAnswer.Outcome.NONE, 0, 0), answer(EtrnAnswer.Outcome.RELEASED, 2, 1))).toString())
                .isEqualTo("253 2.0.0 OK, 5 pending messages for node @client.example started");
    }

    @Test
    void noneHeld() {
        assertThat(EtrnReplies.answer(N, List.of(answer(EtrnAnswer.Outcome.NONE, 0, 0))))
                .isEqualTo(Replies.etrnNoMessages(N));
    }

    @Test
    void onlyInFlight() {
        assertThat(EtrnReplies.answer(N, List.of(answer(EtrnAnswer.Outcome.NONE, 0, 4))))
                .isEqualTo(Replies.etrnPendingStarted(N));
    }

    @Test
    void noAnswerMeansQueuingStarted() {
        assertThat(EtrnReplies.answer(N, List.of(new EtrnResult.NoAnswer(), answer(EtrnAnswer.Outcome.RELEASED, 3, 0))))
                .isEqualTo(Replies.etrnQueuingStarted(N));
    }

    @Test
    void notStored() {
        assertThat(EtrnReplies.answer(N, List.of(new EtrnResult.NotSent()))).isEqualTo(Replies.etrnUnableToQueue(N));
        assertThat(EtrnReplies.answer(N, List.of(new EtrnResult.NotSent(), answer(EtrnAnswer.Outcome.RELEASED, 1, 0))).code())
                .isEqualTo(253);
    }

    @Test
    void refusedByQueue() {
        assertThat(EtrnReplies.answer(N, List.of(answer(EtrnAnswer.Outcome.REFUSED, 0, 0))).toString())
                .isEqualTo("459 4.7.1 Node client.example not allowed: no ETRN service for this node");
    }

    @Test
    void refusals() {
        assertThat(EtrnReplies.refusal(N, Denial.AUTH_REQUIRED).toString()).isEqualTo("530 5.7.0 Authentication required");
        assertThat(EtrnReplies.refusal(N, Denial.THROTTLED).toString())
                .isEqualTo("458 4.3.0 Unable to queue messages for node client.example");
        assertThat(EtrnReplies.refusal(N, Denial.UNKNOWN_DOMAIN)).isEqualTo(EtrnReplies.refusal(N, Denial.SERVICE_OFF));
        for (Denial d : List.of(Denial.UNKNOWN_DOMAIN, Denial.ADDRESS_REFUSED, Denial.NOT_AUTHORISED)) {
            assertThat(EtrnReplies.refusal(N, d).code()).isEqualTo(459);
        }
    }
}
