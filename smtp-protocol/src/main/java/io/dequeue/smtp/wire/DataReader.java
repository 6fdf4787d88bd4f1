package io.dequeue.smtp.wire;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental reader of a message body after {@code DATA} / {@code 354}. It finds the end of data
 * only at CR LF "." CR LF (the "." line may also come first: an empty body), removes the leading
 * dot of every line that starts with one (RFC 5321 4.5.2: "..x" becomes ".x"), and hands the body
 * to a {@link Sink} chunk by chunk, so a large message is never held twice here.
 *
 * <p>Only a real CR LF starts a line, for the end marker and for dot removal alike: a bare CR or
 * bare LF never ends the data ({@code \n.\n}, {@code \r\n.\n}, ... are body bytes). Bare line
 * endings are handled by {@link BareLineEndingPolicy}: REJECT reads on to the real end and reports
 * {@link Status#BARE_LINE_ENDING}; NORMALIZE writes CR LF in their place.
 *
 * <p>A text line longer than {@code maxLineLength} octets with CR LF (RFC 5321 4.5.3.1.6: 1000)
 * makes the body {@link Status#LINE_TOO_LONG}; the line length is counted on the wire and a bare
 * CR or LF ends a line for the count, so the bare line ending policy decides about those alone.
 *
 * <p>Past {@code maxSize} body bytes, or once a body is known to be refused, the reader keeps
 * reading to the end but stops passing bytes to the sink. The emitted body includes the CR LF of
 * its last line and excludes the terminating "." CR LF. Not thread-safe.
 */
public final class DataReader {

    /** RFC 5321 text line limit, CR LF included. */
    public static final int TEXT_LINE_LIMIT = 1000;

    /** What to do with a CR or LF that is not part of a CR LF pair. */
    public enum BareLineEndingPolicy { REJECT, NORMALIZE }

    public enum Status {
        /** Complete and within limits. */
        OK,
        /** A bare CR or LF was seen under REJECT: answer {@code 550 5.5.2}. */
        BARE_LINE_ENDING,
        /** The body exceeded the size limit: answer {@code 552 5.3.4}. */
        TOO_BIG,
        /** A text line exceeded the line limit: answer {@code 500 5.5.6}. */
        LINE_TOO_LONG
    }

    /** Receives body chunks as they are decoded. */
    @FunctionalInterface
    public interface Sink {
        void chunk(Buffer data);
    }

    /**
     * The outcome once the end of data was found.
     *
     * @param status     verdict on the body
     * @param size       body size in octets after dot removal (counted even past the limit)
     * @param longLines  lines longer than the configured text line limit (0 when not checked)
     * @param bareLineEndings number of bare CR or LF seen
     * @param remaining  bytes that followed the end marker in the last chunk (pipelined commands)
     */
    public record Result(Status status, long size, long longLines, long bareLineEndings, byte[] remaining) {

        public boolean ok() {
            return status == Status.OK;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && r.status == status && r.size == size && r.longLines == longLines
                    && r.bareLineEndings == bareLineEndings && Arrays.equals(r.remaining, remaining);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, size, longLines, bareLineEndings, Arrays.hashCode(remaining));
        }

        @Override
        public String toString() {
            return "Result[" + status + ", size=" + size + ", longLines=" + longLines + ", bare="
                    + bareLineEndings + ", remaining=" + Escapes.escape(remaining) + "]";
        }
    }

    private static final int LINE_START = 0;
    private static final int MID = 1;
    private static final int DOT = 2;
    private static final int DOT_CR = 3;
    private static final int CR = 4;
    private static final int DONE = 5;

    private static final byte[] NOTHING = new byte[0];

    private final long maxSize;
    private final BareLineEndingPolicy policy;
    private final int maxLineLength;
    private final Sink sink;

    private int state = LINE_START;
    private long size;
    private long longLines;
    private long bare;
    private int lineLength;
    private boolean lineCounted;
    private boolean tooBig;

    private byte[] out = new byte[0];
    private int outLen;

    /**
     * @param maxSize       largest body accepted, in octets after dot removal
     * @param policy        handling of bare CR / bare LF
     * @param maxLineLength text line limit with CR LF, counted on the wire and enforced; 0 for none
     * @param sink          receives the body
     */
    public DataReader(long maxSize, BareLineEndingPolicy policy, int maxLineLength, Sink sink) {
        if (maxSize < 0 || maxLineLength < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        this.maxSize = maxSize;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maxLineLength = maxLineLength;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public boolean isFinished() {
        return state == DONE;
    }

    public Result feed(Buffer chunk) {
        return feed(chunk.getBytes());
    }

    public Result feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /**
     * Consumes a chunk. Returns null while the end of data has not been seen, else the result
     * (with any bytes after the end marker). Must not be called again after a result.
     */
    public Result feed(byte[] chunk, int off, int len) {
        if (state == DONE) {
            throw new IllegalStateException("end of data already seen");
        }
        if (out.length < 2 * len + 2) {
            out = new byte[2 * len + 2];
        }
        outLen = 0;
        int i = off;
        int stop = off + len;
        while (i < stop && state != DONE) {
            step(chunk[i++]);
        }
        flush();
        if (state != DONE) {
            if (out.length > 256 * 1024) {
                out = new byte[0];
            }
            return null;
        }
        out = new byte[0];
        byte[] remaining = i < stop ? Arrays.copyOfRange(chunk, i, stop) : NOTHING;
        Status status = bare > 0 && policy == BareLineEndingPolicy.REJECT ? Status.BARE_LINE_ENDING
                : tooBig ? Status.TOO_BIG : longLines > 0 ? Status.LINE_TOO_LONG : Status.OK;
        return new Result(status, size, longLines, bare, remaining);
    }

    private void step(byte b) {
        switch (state) {
            case LINE_START -> {
                lineLength = 0;
                lineCounted = false;
                if (b == '.') {
                    countLineByte();
                    state = DOT;
                } else {
                    mid(b);
                }
            }
            case DOT -> {
                if (b == '\r') {
                    state = DOT_CR;
                } else {
                    // A leading dot with more on the line is removed ("..x" -> ".x").
                    mid(b);
                }
            }
            case DOT_CR -> {
                if (b == '\n') {
                    state = DONE;
                } else {
                    bareLineEnding();
                    mid(b);
                }
            }
            case CR -> {
                if (b == '\n') {
                    emit((byte) '\r');
                    emit((byte) '\n');
                    state = LINE_START;
                } else {
                    bareLineEnding();
                    mid(b);
                }
            }
            case MID -> mid(b);
            default -> throw new IllegalStateException();
        }
    }

    private void mid(byte b) {
        if (b == '\r') {
            state = CR;
        } else if (b == '\n') {
            bareLineEnding();
            state = MID;
        } else {
            countLineByte();
            emit(b);
            state = MID;
        }
    }

    /** A bare CR or LF: CR LF in its place under NORMALIZE; the line goes on (not a line start). */
    private void bareLineEnding() {
        bare++;
        if (policy == BareLineEndingPolicy.NORMALIZE) {
            emit((byte) '\r');
            emit((byte) '\n');
        }
        lineLength = 0;
        lineCounted = false;
    }

    private void countLineByte() {
        if (maxLineLength > 0 && ++lineLength > maxLineLength - 2 && !lineCounted) {
            lineCounted = true;
            longLines++;
        }
    }

    private void emit(byte b) {
        out[outLen++] = b;
    }

    private void flush() {
        if (outLen == 0) {
            return;
        }
        size += outLen;
        if (size > maxSize) {
            tooBig = true;
        }
        boolean storing = !tooBig && longLines == 0 && !(bare > 0 && policy == BareLineEndingPolicy.REJECT);
        if (storing) {
            sink.chunk(Buffer.buffer(Arrays.copyOf(out, outLen)));
        }
        outLen = 0;
    }
}
