package io.dequeue.edge.odmr;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;

import java.util.List;

/**
 * The one reply to an ATRN, from the outcome of each domain's request. A refusal of any domain
 * refuses the whole request ({@code 450}, never saying which); any busy domain or missing answer
 * gives {@code 451}; nothing but "no mail" gives {@code 453}; otherwise the connection turns
 * around with the grants.
 */
record AtrnDecision(Reply reply, List<AtrnGrant> grants) {
    AtrnDecision {
        grants = List.copyOf(grants);
    }

    boolean reverses() {
        return reply.code() == 250;
    }

    static AtrnDecision of(List<AtrnOutcome> outcomes) {
        List<AtrnGrant> grants = outcomes.stream()
                .filter(o -> o instanceof AtrnOutcome.Granted).map(o -> ((AtrnOutcome.Granted) o).grant()).toList();
        if (outcomes.isEmpty() || outcomes.stream().anyMatch(o -> o instanceof AtrnOutcome.Refused)) {
            return new AtrnDecision(Replies.ATRN_REFUSED, grants);
        }
        if (outcomes.stream().anyMatch(o -> o instanceof AtrnOutcome.Busy || o instanceof AtrnOutcome.NoAnswer
                || o instanceof AtrnOutcome.NotSent)) {
            return new AtrnDecision(Replies.ATRN_BUSY, grants);
        }
        if (grants.isEmpty() || grants.stream().allMatch(g -> g.messages() == 0)) {
            return new AtrnDecision(Replies.ATRN_NO_MAIL, grants);
        }
        return new AtrnDecision(Replies.ATRN_OK, grants);
    }
}
