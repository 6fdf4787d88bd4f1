package io.dequeue.smtp.wire;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental framing of raw bytes into lines that end only at CR LF. A bare CR or bare LF is an
 * ordinary byte of the line. Bytes are fed as they arrive (a CR at the end of one chunk and the LF
 * at the start of the next make one line end) and frames are pulled with {@link #next()}, so the
 * caller can stop after a command that changes the mode (DATA, STARTTLS, AUTH) and take the rest
 * with {@link #drain()}.
 *
 * <p>The limit counts the line with its CR LF. A line that does not end within the limit produces
 * one {@link TooLong} frame as soon as that is known, and its bytes are then dropped up to and
 * including the next CR LF, so a line that never ends costs bounded memory. Memory is bounded only
 * if {@code next()} is called until it returns null after each feed; a caller that stops pulling
 * (e.g. a paused session) must also stop feeding (pause the socket).
 *
 * <p>Not thread-safe; one instance per connection.
 */
public final class LineFramer {

    /** RFC 5321 command line limit, CR LF included. */
    public static final int COMMAND_LINE_LIMIT = 512;
    /** Limit accepted for command lines that carry extension parameters. */
    public static final int EXTENDED_COMMAND_LINE_LIMIT = 2048;
    /** Limit for a SASL response line (RFC 4954 recommends at least 12288). */
    public static final int AUTH_LINE_LIMIT = 12288;

    private static final int MAX_LIMIT = 1 << 20;
    private static final int SHRINK_ABOVE = 64 * 1024;

    /** A framed unit: a complete line, or the notice that a line exceeded the limit. */
    public sealed interface Frame permits Line, TooLong {
    }

    /**
     * A complete line without its CR LF. The array belongs to the receiver.
     */
    public record Line(byte[] bytes) implements Frame {

        /** The line decoded as ISO-8859-1: one char per byte, for parsers of ASCII commands. */
        public String latin1() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Line[" + Escapes.escape(bytes, 0, bytes.length) + "]";
        }
    }

    /** A line exceeded the limit; its bytes are being discarded up to the next CR LF. */
    public record TooLong() implements Frame {
    }

    private static final TooLong TOO_LONG = new TooLong();

    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    private int scan;
    private boolean discarding;
    private int limit;

    public LineFramer() {
        this(COMMAND_LINE_LIMIT);
    }

    public LineFramer(int limit) {
        setLimit(limit);
    }

    /** Changes the limit for the lines not yet framed (e.g. while reading an AUTH response). */
    public void setLimit(int limit) {
        if (limit < 3 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("line limit out of range: " + limit);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    public void feed(Buffer chunk) {
        feed(chunk.getBytes());
    }

    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    public void feed(byte[] chunk, int off, int len) {
        if (len == 0) {
            return;
        }
        ensureRoom(len);
        System.arraycopy(chunk, off, buf, end, len);
        end += len;
    }

    /** The next frame, or null when more bytes are needed. */
    public Frame next() {
        if (discarding && !skipDiscarded()) {
            return null;
        }
        int crlf = findCrlf();
        if (crlf >= 0) {
            int lineEnd = crlf + 2;
            if (lineEnd - start > limit) {
                start = lineEnd;
                scan = start;
                return TOO_LONG;
            }
            byte[] line = Arrays.copyOfRange(buf, start, crlf);
            start = lineEnd;
            scan = start;
            compactIfEmpty();
            return new Line(line);
        }
        if (end - start >= limit) {
            discarding = true;
            dropAllButTrailingCr();
            return TOO_LONG;
        }
        return null;
    }

    /** Bytes received but not yet framed. */
    public int buffered() {
        return end - start;
    }

    /** True while the rest of an over-long line is being dropped. */
    public boolean isDiscarding() {
        return discarding;
    }

    /**
     * Removes and returns every byte not yet framed (for a switch to DATA mode). Ends a discard in
     * progress.
     */
    public byte[] drain() {
        byte[] rest = Arrays.copyOfRange(buf, start, end);
        clear();
        return rest;
    }

    /** Drops every byte not yet framed (after STARTTLS: CVE-2011-0411). Returns how many. */
    public int discardBuffered() {
        int n = end - start;
        clear();
        return n;
    }

    private void clear() {
        start = 0;
        end = 0;
        scan = 0;
        discarding = false;
        if (buf.length > SHRINK_ABOVE) {
            buf = new byte[1024];
        }
    }

    /** Drops discarded bytes; returns true when the over-long line has ended. */
    private boolean skipDiscarded() {
        int crlf = findCrlf();
        if (crlf < 0) {
            dropAllButTrailingCr();
            return false;
        }
        start = crlf + 2;
        scan = start;
        discarding = false;
        return true;
    }

    private void dropAllButTrailingCr() {
        start = (end > start && buf[end - 1] == '\r') ? end - 1 : end;
        scan = start;
        compactIfEmpty();
    }

    private int findCrlf() {
        for (int i = scan; i < end - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        scan = Math.max(start, end - 1);
        return -1;
    }

    private void compactIfEmpty() {
        if (start == end) {
            start = 0;
            end = 0;
            scan = 0;
        }
    }

    private void ensureRoom(int len) {
        if (buf.length - end >= len) {
            return;
        }
        int pending = end - start;
        int needed = pending + len;
        byte[] target = needed <= buf.length ? buf : new byte[Math.max(needed, buf.length * 2)];
        System.arraycopy(buf, start, target, 0, pending);
        buf = target;
        scan -= start;
        start = 0;
        end = pending;
    }
}
