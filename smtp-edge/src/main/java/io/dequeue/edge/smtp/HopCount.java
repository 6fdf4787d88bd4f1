package io.dequeue.edge.smtp;

/**
 * Counts the {@code Received:} header fields of a message (RFC 5321 6.3: a message that has passed
 * more relays than a limit is in a loop). Only the header section is read, up to the first empty
 * line; a field name matches case-insensitively, with the obsolete white space before the colon
 * allowed; continuation lines are part of their field. Works on the raw bytes, never a string.
 */
final class HopCount {
    private static final byte[] NAME = {'r', 'e', 'c', 'e', 'i', 'v', 'e', 'd'};

    private HopCount() {
    }

    /**
     * The {@code Received:} fields in {@code message} from {@code from} on, counting no further than
     * {@code max + 1} (enough to tell "more than max").
     */
    static int count(byte[] message, int from, int max) {
        int n = 0;
        int i = from;
        while (i < message.length && n <= max) {
            if (message[i] == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                return n; // the empty line: end of the header section
            }
            if (isReceived(message, i)) {
                n++;
            }
            i = nextLine(message, i);
        }
        return n;
    }

    private static boolean isReceived(byte[] m, int at) {
        if (at + NAME.length >= m.length) {
            return false;
        }
        for (int k = 0; k < NAME.length; k++) {
            if ((m[at + k] | 0x20) != NAME[k]) {
                return false;
            }
        }
        int j = at + NAME.length;
        while (j < m.length && (m[j] == ' ' || m[j] == '\t')) {
            j++;
        }
        return j < m.length && m[j] == ':';
    }

    /** The index after the next CR LF, or the end. */
    private static int nextLine(byte[] m, int at) {
        for (int i = at; i + 1 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n') {
                return i + 2;
            }
        }
        return m.length;
    }
}
