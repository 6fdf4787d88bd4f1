package io.dequeue.edge.smtp;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.server.MessageSink;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one message body behind the edge's {@code Received:} line, holding only memory for the
 * bytes that actually arrived: segments of at most {@link #SEGMENT} bytes, each reserved in the
 * shared {@link MemoryBudget} when the data needs it, never the declared {@code SIZE} up front (a
 * client that declares 25 MiB and sends nothing costs one small segment). The first segment starts
 * with the {@code Received:} line and is sized for the declared {@code SIZE} when that is small, so
 * a small message that declares its exact size is stored from that one array. Otherwise the
 * segments are joined once at the end into the exact {@code byte[]} a Kafka record value must be;
 * that array is reserved unconditionally (the segments it replaces are released right after the
 * copy), so for the moment of the copy the budget may be passed by that one message.
 *
 * <p>The gateway's own size limit (the smallest of the transaction's gateways) is enforced here:
 * past it the buffer is dropped at once and the end answers {@code 552 5.3.4}. The global limit is
 * the session's (its DataReader stops feeding past it). A segment the budget cannot hold drops the
 * buffer and the end answers {@code 451 4.3.0}.
 *
 * <p>Runs on the session's context; not thread-safe.
 */
final class MessageBuffer implements MessageSink {

    /** Body capacity of the first segment of a body without a declared SIZE. */
    static final int INITIAL_CAPACITY = 16 * 1024;
    /** Largest segment: at most this much memory is held beyond the bytes received. */
    static final int SEGMENT = 64 * 1024;

    /** What to do with the complete message (Received: line included): store it and say what to answer. */
    @FunctionalInterface
    interface Completion {
        Future<Reply> store(byte[] message);
    }

    private final int prefixLength;
    private final long bodyLimit;
    private final MemoryBudget budget;
    private final Completion completion;
    private final List<byte[]> segments = new ArrayList<>();
    /** The segment being filled (the last one) and how much of it is used. */
    private byte[] current;
    private int used;
    /** Bytes held, Received: line included. */
    private long count;
    private long reserved;
    private boolean tooBig;
    private boolean outOfBudget;
    private boolean finished;
    private Runnable onFinish = () -> { };

    private MessageBuffer(byte[] first, int prefixLength, long bodyLimit, MemoryBudget budget, Completion completion) {
        this.prefixLength = prefixLength;
        this.bodyLimit = bodyLimit;
        this.budget = budget;
        this.completion = completion;
        segments.add(first);
        current = first;
        used = prefixLength;
        count = prefixLength;
        reserved = first.length;
    }

    /**
     * Opens a buffer holding {@code prefix}; reserves only the first segment.
     *
     * @throws ReplyException {@code 452 4.3.1} when the memory budget cannot hold the first segment
     */
    static MessageBuffer open(byte[] prefix, Long declaredSize, long bodyLimit, MemoryBudget budget, Completion completion) {
        long expected = declaredSize != null && declaredSize > 0 ? declaredSize : INITIAL_CAPACITY;
        long capacity = prefix.length + Math.min(Math.min(expected, bodyLimit), SEGMENT);
        if (!budget.tryReserve(capacity)) {
            throw new ReplyException(Replies.GATEWAY_STORAGE_FULL);
        }
        byte[] first = new byte[(int) capacity];
        System.arraycopy(prefix, 0, first, 0, prefix.length);
        return new MessageBuffer(first, prefix.length, bodyLimit, budget, completion);
    }

    /** Runs once when the body ends or the message is dropped. */
    MessageBuffer onFinish(Runnable r) {
        onFinish = r;
        return this;
    }

    private void finish() {
        if (!finished) {
            finished = true;
            onFinish.run();
        }
    }

    @Override
    public void chunk(Buffer data) {
        if (finished || tooBig || outOfBudget) {
            return;
        }
        int n = data.length();
        if (count - prefixLength + n > bodyLimit) {
            tooBig = true;
            free();
            return;
        }
        int off = 0;
        while (off < n) {
            if (used == current.length && !nextSegment()) {
                outOfBudget = true;
                free();
                return;
            }
            int k = Math.min(n - off, current.length - used);
            data.getBytes(off, off + k, current, used);
            used += k;
            off += k;
            count += k;
        }
    }

    /** Adds a segment, reserved first; never more capacity than the limit can still use. */
    private boolean nextSegment() {
        long room = prefixLength + bodyLimit - reserved;
        int size = (int) Math.min(SEGMENT, Math.max(1, room));
        if (!budget.tryReserve(size)) {
            return false;
        }
        reserved += size;
        current = new byte[size];
        segments.add(current);
        used = 0;
        return true;
    }

    @Override
    public Future<Reply> end(DataReader.Result result) {
        finish();
        if (tooBig) {
            return Future.succeededFuture(Replies.MESSAGE_TOO_BIG);
        }
        if (outOfBudget) {
            return Future.succeededFuture(Replies.TEMPORARY_STORAGE_FAILURE);
        }
        byte[] message = join();
        Future<Reply> stored;
        try {
            stored = completion.store(message);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        return stored.onComplete(ar -> free());
    }

    /** The exact message: the first segment itself when it is exactly full, else one copy. */
    private byte[] join() {
        byte[] first = segments.get(0);
        if (segments.size() == 1 && used == first.length) {
            segments.clear();
            current = null;
            return first;
        }
        budget.reserve(count);
        byte[] message = new byte[(int) count];
        int at = 0;
        for (byte[] s : segments) {
            int k = s == current ? used : s.length;
            System.arraycopy(s, 0, message, at, k);
            at += k;
        }
        segments.clear();
        current = null;
        budget.release(reserved);
        reserved = count;
        return message;
    }

    @Override
    public void abort(Reply reason) {
        finish();
        free();
    }

    private void free() {
        segments.clear();
        current = null;
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    /** Bytes held now, Received: line included (for tests). */
    long size() {
        return count;
    }

    /** Memory held now for the message, 0 once released (for tests). */
    long capacity() {
        long c = 0;
        for (byte[] s : segments) {
            c += s.length;
        }
        return c;
    }
}
