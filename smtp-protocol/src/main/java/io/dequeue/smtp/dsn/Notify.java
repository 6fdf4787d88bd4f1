package io.dequeue.smtp.dsn;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.ReplyException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The RCPT {@code NOTIFY} parameter: NEVER alone, or any of SUCCESS, FAILURE, DELAY. */
public enum Notify {
    SUCCESS, FAILURE, DELAY, NEVER;

    /**
     * Parses a NOTIFY value ({@code NEVER} or a comma list, case-insensitive).
     *
     * @throws ReplyException {@code 501 5.5.4} on an unknown word, a repeat, an empty item or
     *                        NEVER combined with another
     */
    public static Set<Notify> parse(String value) {
        EnumSet<Notify> set = EnumSet.noneOf(Notify.class);
        if (value == null || value.isEmpty()) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        for (String item : value.split(",", -1)) {
            Notify n;
            try {
                n = valueOf(item.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ReplyException(Replies.PARAM_SYNTAX);
            }
            if (!set.add(n)) {
                throw new ReplyException(Replies.PARAM_SYNTAX);
            }
        }
        if (set.contains(NEVER) && set.size() > 1) {
            throw new ReplyException(Replies.PARAM_SYNTAX);
        }
        return Collections.unmodifiableSet(set);
    }

    /** {@code NEVER} or e.g. {@code SUCCESS,FAILURE} in a fixed order. */
    public static String format(Set<Notify> set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("empty NOTIFY");
        }
        return set.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }
}
