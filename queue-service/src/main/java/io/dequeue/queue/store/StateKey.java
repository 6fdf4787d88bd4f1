package io.dequeue.queue.store;

/**
 * The key of a held message's state: {@code domain + NUL + 19-digit sequence}. All keys of one
 * domain form one contiguous range, so releasing a domain is a range scan of that domain only,
 * in arrival order. The sequence is the offset of the {@code mail.accepted} record in its
 * partition (one task = one partition), so it is unique and deterministic under exactly-once.
 */
public final class StateKey {
    public static final char SEPARATOR = '\u0000';
    private static final int DIGITS = 19;
    private static final String MAX_SEQUENCE = "9".repeat(DIGITS);

    private StateKey() {
    }

    public static String of(String domain, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence " + sequence);
        }
        String digits = Long.toString(sequence);
        StringBuilder b = new StringBuilder(domain.length() + 1 + DIGITS).append(domain).append(SEPARATOR);
        for (int i = digits.length(); i < DIGITS; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    /** The first possible key of a domain (inclusive). */
    public static String first(String domain) {
        return domain + SEPARATOR + "0".repeat(DIGITS);
    }

    /** The last possible key of a domain (inclusive). */
    public static String last(String domain) {
        return domain + SEPARATOR + MAX_SEQUENCE;
    }

    /** The key right after {@code key} within its domain's range, for resuming a scan (null at the end). */
    public static String after(String key) {
        long seq = sequence(key);
        return seq == Long.MAX_VALUE ? null : of(domain(key), seq + 1);
    }

    public static String domain(String key) {
        int sep = key.indexOf(SEPARATOR);
        if (sep < 0) {
            throw new IllegalArgumentException("not a state key");
        }
        return key.substring(0, sep);
    }

    public static long sequence(String key) {
        int sep = key.indexOf(SEPARATOR);
        if (sep < 0 || key.length() - sep - 1 != DIGITS) {
            throw new IllegalArgumentException("not a state key");
        }
        return Long.parseLong(key.substring(sep + 1));
    }

    /** A key of a domain-scoped store with a free-form suffix ({@code domain + NUL + suffix}). */
    public static String scoped(String domain, String suffix) {
        return domain + SEPARATOR + suffix;
    }

    /** The inclusive upper bound of {@link #scoped} keys of a domain. */
    public static String scopedLast(String domain) {
        return domain + SEPARATOR + '\uffff';
    }

    /** Readable form for logs and the API: NUL shown as {@code /}. */
    public static String display(String key) {
        return key.replace(SEPARATOR, '/');
    }
}
