package io.dequeue.fetch.session;

/**
 * Finds the end of message data, CR LF "." CR LF, in a stream of chunks without holding it: a
 * five-state matcher, so a terminator split across reads at any byte is found. The data begins
 * right after the CR LF of DATA, so a first line "." ends an empty message.
 */
final class EndOfData {

    // states: 0 nothing, 1 CR, 2 CR LF, 3 CR LF '.', 4 CR LF '.' CR
    private int state = 2;

    /**
     * Scans {@code len} bytes; returns the offset just past the terminator, or -1 when the chunk
     * does not complete it (the state carries over to the next chunk).
     */
    int scan(byte[] b, int off, int len) {
        int s = state;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            switch (s) {
                case 0 -> s = c == '\r' ? 1 : 0;
                case 1 -> s = c == '\n' ? 2 : (c == '\r' ? 1 : 0);
                case 2 -> s = c == '.' ? 3 : (c == '\r' ? 1 : 0);
                case 3 -> s = c == '\r' ? 4 : 0;
                default -> {
                    if (c == '\n') {
                        state = 2;
                        return i + 1;
                    }
                    s = c == '\r' ? 1 : 0;
                }
            }
        }
        state = s;
        return -1;
    }
}
