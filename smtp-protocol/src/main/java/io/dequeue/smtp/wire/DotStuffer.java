package io.dequeue.smtp.wire;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Outbound DATA encoding, incremental: doubles a leading "." on every line, turns every bare CR
 * and bare LF into CR LF (so none reaches the wire), and {@link #finish() finishes} with CR LF (if
 * the body did not end with one) and "." CR LF. A CR at the end of a chunk is held until the next
 * byte shows whether it was part of a CR LF. Not thread-safe.
 */
public final class DotStuffer {

    private static final byte[] END = {'.', '\r', '\n'};

    private boolean atLineStart = true;
    private boolean pendingCr;
    private boolean finished;

    /** Encodes a whole body in one go, end marker included. */
    public static byte[] encode(byte[] body) {
        DotStuffer s = new DotStuffer();
        byte[] a = s.stuff(body);
        byte[] b = s.finish();
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    public Buffer stuff(Buffer chunk) {
        return Buffer.buffer(stuff(chunk.getBytes()));
    }

    public byte[] stuff(byte[] chunk) {
        return stuff(chunk, 0, chunk.length);
    }

    public byte[] stuff(byte[] chunk, int off, int len) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        int end = off + len;
        // Mail is mostly lines already ending in CR LF and seldom starting with a dot: the output
        // is about as long as the input, and runs between line ends are copied whole.
        byte[] out = new byte[len + 16];
        int n = 0;
        int i = off;
        while (i < end) {
            byte b = chunk[i];
            if (pendingCr) {
                pendingCr = false;
                out = room(out, n, 2);
                out[n++] = '\r';
                out[n++] = '\n';
                atLineStart = true;
                if (b == '\n') {
                    i++;
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
                i++;
            } else if (b == '\n') {
                out = room(out, n, 2);
                out[n++] = '\r';
                out[n++] = '\n';
                atLineStart = true;
                i++;
            } else {
                int j = i + 1;
                while (j < end && chunk[j] != '\r' && chunk[j] != '\n') {
                    j++;
                }
                boolean dot = atLineStart && b == '.';
                out = room(out, n, j - i + (dot ? 1 : 0));
                if (dot) {
                    out[n++] = '.';
                }
                System.arraycopy(chunk, i, out, n, j - i);
                n += j - i;
                atLineStart = false;
                i = j;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code out}, or a larger copy of it, with room for {@code more} bytes after {@code used}. */
    private static byte[] room(byte[] out, int used, int more) {
        if (used + more <= out.length) {
            return out;
        }
        return Arrays.copyOf(out, Math.max(used + more, out.length + (out.length >> 1) + 16));
    }

    /** The bytes that close the DATA: a CR LF when the last line is open, then "." CR LF. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        if (pendingCr || !atLineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(END, 0, END.length);
        return out.toByteArray();
    }

    public Buffer finishBuffer() {
        return Buffer.buffer(finish());
    }
}
