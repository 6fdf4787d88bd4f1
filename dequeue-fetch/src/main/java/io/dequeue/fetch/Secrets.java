package io.dequeue.fetch;

import java.util.Arrays;

/** Helpers for secrets read from files. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The first line of a secret file without its line end (LF or CR LF); the input array is
     * cleared.
     */
    public static byte[] firstLine(byte[] content) {
        int end = 0;
        while (end < content.length && content[end] != '\n' && content[end] != '\r') {
            end++;
        }
        byte[] line = Arrays.copyOf(content, end);
        Arrays.fill(content, (byte) 0);
        return line;
    }
}
