package io.dequeue.queue.timeline;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code Message-ID:} header field of a raw message (RFC 5322 3.6.4), read from its header
 * section only, unfolded and trimmed; null when there is none or it is not usable as a key.
 */
final class HeaderMessageId {
    /** Longer values are not indexed (RFC 5322 lines are at most 998 characters). */
    static final int MAX_LENGTH = 998;
    /** How far into a message the header section is searched (a Message-ID after that is not indexed). */
    static final int SCAN_LIMIT = 256 * 1024;
    private static final byte[] NAME = "message-id:".getBytes(StandardCharsets.US_ASCII);

    private HeaderMessageId() {
    }

    static String of(byte[] raw) {
        int i = 0;
        while (i < raw.length && i < SCAN_LIMIT) {
            int end = lineEnd(raw, i);
            if (end == i) {
                return null; // the empty line: end of the header section
            }
            if (startsWithName(raw, i, end)) {
                StringBuilder v = new StringBuilder(new String(raw, i + NAME.length, end - i - NAME.length,
                        StandardCharsets.UTF_8));
                int next = skipCrLf(raw, end);
                while (next < raw.length && (raw[next] == ' ' || raw[next] == '\t')) {
                    int e2 = lineEnd(raw, next);
                    v.append(new String(raw, next, e2 - next, StandardCharsets.UTF_8));
                    next = skipCrLf(raw, e2);
                }
                return normalize(v.toString());
            }
            i = skipCrLf(raw, end);
        }
        return null;
    }

    /**
     * A Message-ID as an index key: folding white space removed, angle brackets added when missing;
     * null when empty, too long or holding control characters.
     */
    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String v = text.strip();
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return null;
        }
        for (int k = 0; k < v.length(); k++) {
            if (v.charAt(k) < 0x20 || v.charAt(k) == 0x7f) {
                return null;
            }
        }
        if (!v.startsWith("<")) {
            v = "<" + v;
        }
        if (!v.endsWith(">")) {
            v = v + ">";
        }
        return v;
    }

    private static boolean startsWithName(byte[] raw, int from, int end) {
        if (end - from < NAME.length) {
            return false;
        }
        String name = new String(raw, from, NAME.length, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        return name.equals("message-id:");
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == '\r' || raw[i] == '\n') {
                return i;
            }
        }
        return raw.length;
    }

    private static int skipCrLf(byte[] raw, int at) {
        int i = at;
        if (i < raw.length && raw[i] == '\r') {
            i++;
        }
        if (i < raw.length && raw[i] == '\n') {
            i++;
        }
        return i;
    }
}
