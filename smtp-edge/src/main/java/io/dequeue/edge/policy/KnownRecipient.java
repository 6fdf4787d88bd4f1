package io.dequeue.edge.policy;

import io.dequeue.smtp.reply.Replies;

import java.util.Locale;

/**
 * With a gateway's recipient list set, only its local parts are accepted ({@code 550 5.1.1}
 * otherwise). {@code postmaster} is always accepted (RFC 5321 4.5.1).
 */
public final class KnownRecipient implements RecipientCheck {
    public static final String RULE = "unknown-recipient";

    @Override
    public Verdict check(RecipientRequest r) {
        if (r.gateway().isEmpty()) {
            return Verdict.ACCEPT;
        }
        var verification = r.gateway().get().recipientVerification();
        String local = r.recipient().localPartValue();
        if (!verification.enabled() || local.toLowerCase(Locale.ROOT).equals("postmaster") || verification.accepts(local)) {
            return Verdict.ACCEPT;
        }
        return Verdict.refuse(RULE, Replies.UNKNOWN_USER);
    }
}
