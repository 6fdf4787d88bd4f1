package io.dequeue.queue.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a message has settled (left the queue for good) and how, and the state of each recipient,
 * from its timeline events in order.
 */
final class Settlement {
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String PARTLY_DELIVERED = "partly-delivered";
    static final String EXPIRED = "expired";
    static final String BOUNCED = "bounced";
    static final String DROPPED = "dropped";
    static final String HANDED_OVER = "handed-over";
    static final String PENDING = "pending";
    static final String DEFERRED = "deferred";

    /**
     * The state of one recipient.
     *
     * @param address the recipient
     * @param state pending, deferred, delivered, failed, or how the message ended for it
     * @param reply the latest SMTP reply about it, or null
     * @param at when its state last changed, or null
     */
    record RecipientState(String address, String state, String reply, java.time.Instant at) {
        boolean isFinal() {
            return !PENDING.equals(state) && !DEFERRED.equals(state);
        }
    }

    private Settlement() {
    }

    /**
     * The summary with when and how the message settled, from its events in the order they were
     * recorded (the first that settles it); as it is when it has not settled or already says so.
     */
    static MessageSummary settled(MessageSummary s, List<TimelineEvent> recorded) {
        if (s.settled()) {
            return s;
        }
        for (int i = 0; i < recorded.size(); i++) {
            String how = settles(s, recorded.get(i), recorded.subList(0, i + 1));
            if (how != null) {
                return s.settledAs(recorded.get(i).at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), how);
            }
        }
        return s;
    }

    /**
     * Whether {@code e} can be the event that settles a message: {@link #settles} answers null for
     * every other event whatever came before it.
     */
    static boolean maySettle(TimelineEvent e) {
        return switch (e.type()) {
            case "expired", "dropped", "delivered", "failed" -> true;
            case "released" -> e.detail("handedOverTo") != null;
            case "bounced" -> e.detail("principal") != null;
            default -> false;
        };
    }

    /** How the message settles with its latest event {@code last}, or null while it has not. */
    static String settles(MessageSummary s, TimelineEvent last, List<TimelineEvent> all) {
        switch (last.type()) {
            case "expired":
                return EXPIRED;
            case "dropped":
                return DROPPED;
            case "released":
                return last.detail("handedOverTo") != null ? HANDED_OVER : null;
            case "bounced":
                // an operator's bounce ends the message; a permanent failure's or a delay warning's does not
                return last.detail("principal") != null ? BOUNCED : null;
            case "delivered":
            case "failed": {
                if (s.recipients().isEmpty()) {
                    return null;
                }
                Map<String, RecipientState> r = recipients(s, all);
                if (!r.values().stream().allMatch(RecipientState::isFinal)) {
                    return null;
                }
                boolean anyDelivered = r.values().stream().anyMatch(x -> DELIVERED.equals(x.state()));
                boolean allDelivered = r.values().stream().allMatch(x -> DELIVERED.equals(x.state()));
                return allDelivered ? DELIVERED : anyDelivered ? PARTLY_DELIVERED : FAILED;
            }
            default:
                return null;
        }
    }

    /**
     * Every recipient's state: the envelope's recipients (when known) and any recipient an event
     * names, in that order.
     */
    static Map<String, RecipientState> recipients(MessageSummary s, List<TimelineEvent> events) {
        Map<String, RecipientState> r = new LinkedHashMap<>();
        for (String a : s.recipients()) {
            r.put(key(a), new RecipientState(a, PENDING, null, null));
        }
        for (TimelineEvent e : events) {
            String rcpt = e.detail("recipient");
            switch (e.type()) {
                case "delivered", "failed", "deferred" -> {
                    if (rcpt == null) {
                        continue; // a whole-release event (a stale lease): the recipients stay as they are
                    }
                    RecipientState old = r.get(key(rcpt));
                    if (old != null && old.isFinal()) {
                        continue;
                    }
                    String state = e.type().equals("deferred") ? DEFERRED : e.type();
                    r.put(key(rcpt), new RecipientState(rcpt, state, e.detail("reply"), e.at()));
                }
                case "expired", "dropped", "bounced", "released" -> {
                    String how = settles(s, e, List.of());
                    if (how == null) {
                        continue;
                    }
                    r.replaceAll((k, v) -> v.isFinal() ? v : new RecipientState(v.address(), how, v.reply(), e.at()));
                }
                default -> {
                }
            }
        }
        return r;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
