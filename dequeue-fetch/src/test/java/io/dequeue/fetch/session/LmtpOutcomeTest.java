package io.dequeue.fetch.session;

import io.dequeue.smtp.reply.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LmtpOutcomeTest {

    private static final Reply OK = Reply.of(250, "2.0.0", "ok");
    private static final Reply FULL = Reply.of(452, "4.2.2", "full");
    private static final Reply GONE = Reply.of(550, "5.1.1", "gone");

    @Test
    void allAcceptedIsTheFirstAcceptance() {
        assertThat(LmtpOutcome.combine(List.of(OK, Reply.of(250, "2.0.0", "second")))).isEqualTo(OK);
    }

    @Test
    void anyTemporaryFailureKeepsTheMessageUpstream() {
        assertThat(LmtpOutcome.combine(List.of(OK, GONE, FULL))).isEqualTo(FULL);
    }

    @Test
    void allPermanentIsPermanent() {
        assertThat(LmtpOutcome.combine(List.of(GONE, Reply.of(554, "5.7.1", "no")))).isEqualTo(GONE);
    }

    @Test
    void acceptedAndPermanentIsAcceptedWithTheCounts() {
        Reply r = LmtpOutcome.combine(List.of(OK, GONE));
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.text()).contains("1 of 2");
    }

    @Test
    void a421FromTheLocalServerIsNotPassedUpstreamAsAClose() {
        assertThat(LmtpOutcome.combine(List.of(Reply.of(421, "4.3.0", "bye"))).code()).isEqualTo(451);
    }
}
