package io.dequeue.fetch.session;

import io.dequeue.smtp.reply.Reply;

import java.util.List;

/**
 * The one upstream reply to end-of-data when the local server speaks LMTP and answered each
 * accepted recipient separately. The reversed session is SMTP: one reply covers every recipient.
 * <ul>
 * <li>all 2xx: the first of them;</li>
 * <li>any 4xx: the first 4xx, so upstream keeps the message for every recipient and retries; the
 * recipients the local server did accept receive it again then (a duplicate rather than a loss);</li>
 * <li>all 5xx: the first 5xx (upstream bounces);</li>
 * <li>2xx and 5xx, no 4xx: 250 naming the counts, so the accepted copies are not delivered again on
 * every retry forever; the permanently refused recipients are counted and logged as rejected
 * (upstream does not bounce them: the local server owns that decision).</li>
 * </ul>
 */
final class LmtpOutcome {

    private LmtpOutcome() {
    }

    static Reply combine(List<Reply> replies) {
        Reply first2 = null;
        Reply first4 = null;
        Reply first5 = null;
        int ok = 0;
        for (Reply r : replies) {
            if (r.isPositiveCompletion()) {
                ok++;
                first2 = first2 == null ? r : first2;
            } else if (r.isTransientFailure()) {
                first4 = first4 == null ? r : first4;
            } else {
                first5 = first5 == null ? r : first5;
            }
        }
        if (first4 != null) {
            return first4.code() == 421 ? Reply.of(451, "4.3.0", first4.text()) : first4;
        }
        if (first5 == null) {
            return first2;
        }
        if (first2 == null) {
            return first5;
        }
        return Reply.of(250, "2.0.0", "Delivered to " + ok + " of " + replies.size()
                + " recipients; the local server refused the others permanently: " + Reply.sanitize(first5.toString(), 200));
    }
}
