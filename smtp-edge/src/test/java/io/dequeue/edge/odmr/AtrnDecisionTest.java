package io.dequeue.edge.odmr;

import io.dequeue.model.DomainName;
import io.dequeue.smtp.reply.Replies;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one ATRN reply from the per-domain outcomes. */
class AtrnDecisionTest {
    static final DomainName A = DomainName.parse("a.example");
    static final DomainName B = DomainName.parse("b.example");

    static AtrnOutcome granted(DomainName d, int messages) {
        return new AtrnOutcome.Granted(new AtrnGrant(d, "rel-" + d, Instant.now(), messages));
    }

    @Test
    void grantedReverses() {
        AtrnDecision d = AtrnDecision.of(List.of(granted(A, 2), new AtrnOutcome.NoMail(B)));
        assertThat(d.reply()).isEqualTo(Replies.ATRN_OK);
        assertThat(d.reply().toString()).isEqualTo("250 OK now reversing the connection");
        assertThat(d.grants()).extracting(AtrnGrant::domain).containsExactly(A);
    }

    @Test
    void busyWinsOverGrants() {
        AtrnDecision d = AtrnDecision.of(List.of(granted(A, 2), new AtrnOutcome.Busy(B)));
        assertThat(d.reply().toString()).isEqualTo("451 Unable to process ATRN request now");
        assertThat(d.grants()).hasSize(1); // to be given back
    }

    @Test
    void missingAnswerIsBusy() {
        assertThat(AtrnDecision.of(List.of(granted(A, 1), new AtrnOutcome.NoAnswer(B))).reply()).isEqualTo(Replies.ATRN_BUSY);
        assertThat(AtrnDecision.of(List.of(new AtrnOutcome.NotSent(A))).reply()).isEqualTo(Replies.ATRN_BUSY);
    }

    @Test
    void allNoMail() {
        assertThat(AtrnDecision.of(List.of(new AtrnOutcome.NoMail(A), new AtrnOutcome.NoMail(B))).reply().toString())
                .isEqualTo("453 You have no mail");
        assertThat(AtrnDecision.of(List.of(granted(A, 0))).reply()).isEqualTo(Replies.ATRN_NO_MAIL);
    }

    @Test
    void refusedRefusesTheWhole() {
        assertThat(AtrnDecision.of(List.of(granted(A, 3), new AtrnOutcome.Refused(B))).reply().toString())
                .isEqualTo("450 ATRN request refused");
    }
}
