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
        byte[] out = new byte[len * 2 + 2];
        int n = 0;
        for (int i = off; i < off + len; i++) {
            byte b = chunk[i];
            if (pendingCr) {
                pendingCr = false;
                out[n++] = '\r';
                out[n++] = '\n';
                atLineStart = true;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                out[n++] = '\r';
                out[n++] = '\n';
                atLineStart = true;
            } else {
                if (atLineStart && b == '.') {
                    out[n++] = '.';
                }
                out[n++] = b;
                atLineStart = false;
            }
        }
        return Arrays.copyOf(out, n);
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
