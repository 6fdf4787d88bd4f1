package io.dequeue.edge.smtp;

import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.server.MessageSink;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Arrays;

/**
 * Collects one message body into ONE byte array that already starts with the edge's
 * {@code Received:} line, so the stored record needs no second copy. The array is sized from the
 * declared {@code SIZE} when there is one (a client that declares the exact size costs exactly one
 * array) and otherwise grows by doubling; if the final array is not full it is trimmed once,
 * because a Kafka record value must be an exact {@code byte[]}. Every byte of capacity is reserved
 * in the shared {@link MemoryBudget} first.
 *
 * <p>The gateway's own size limit (the smallest of the transaction's gateways) is enforced here:
 * past it the buffer is dropped at once and the end answers {@code 552 5.3.4}. The global limit is
 * the session's (its DataReader stops feeding past it).
 *
 * <p>Runs on the session's context; not thread-safe.
 */
final class MessageBuffer implements MessageSink {

    /** Initial capacity of a body without a declared SIZE. */
    static final int INITIAL_CAPACITY = 16 * 1024;

    /** What to do with the complete message (Received: line included): store it and say what to answer. */
    @FunctionalInterface
    interface Completion {
        Future<Reply> store(byte[] message);
    }

    private final int prefixLength;
    private final long bodyLimit;
    private final MemoryBudget budget;
    private final Completion completion;
    private byte[] buf;
    private int count;
    private long reserved;
    private boolean tooBig;
    private boolean outOfBudget;
    private boolean finished;
    private Runnable onFinish = () -> { };

    private MessageBuffer(byte[] buf, int prefixLength, long reserved, long bodyLimit, MemoryBudget budget, Completion completion) {
        this.buf = buf;
        this.count = prefixLength;
        this.prefixLength = prefixLength;
        this.reserved = reserved;
        this.bodyLimit = bodyLimit;
        this.budget = budget;
        this.completion = completion;
    }

    /**
     * Opens a buffer holding {@code prefix}.
     *
     * @throws ReplyException {@code 452 4.3.1} when the memory budget cannot hold the start of it
     */
    static MessageBuffer open(byte[] prefix, Long declaredSize, long bodyLimit, MemoryBudget budget, Completion completion) {
        long body = declaredSize != null && declaredSize > 0 ? Math.min(declaredSize, bodyLimit) : Math.min(INITIAL_CAPACITY, bodyLimit);
        long capacity = prefix.length + body;
        if (capacity > Integer.MAX_VALUE - 16 || !budget.tryReserve(capacity)) {
            throw new ReplyException(Replies.GATEWAY_STORAGE_FULL);
        }
        byte[] buf = new byte[(int) capacity];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        return new MessageBuffer(buf, prefix.length, capacity, bodyLimit, budget, completion);
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
        if ((long) count - prefixLength + n > bodyLimit) {
            tooBig = true;
            free();
            return;
        }
        if (count + n > buf.length && !grow(count + n)) {
            outOfBudget = true;
            free();
            return;
        }
        data.getBytes(0, n, buf, count);
        count += n;
    }

    private boolean grow(long needed) {
        long cap = Math.max(needed, Math.min(2L * buf.length, prefixLength + bodyLimit));
        if (cap > Integer.MAX_VALUE - 16 || !budget.tryReserve(cap - buf.length)) {
            return false;
        }
        reserved += cap - buf.length;
        buf = Arrays.copyOf(buf, (int) cap);
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
        byte[] message = count == buf.length ? buf : Arrays.copyOf(buf, count);
        buf = null;
        Future<Reply> stored;
        try {
            stored = completion.store(message);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        return stored.onComplete(ar -> free());
    }

    @Override
    public void abort(Reply reason) {
        finish();
        free();
    }

    private void free() {
        buf = null;
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    /** Bytes held now, Received: line included (for tests). */
    int size() {
        return count;
    }

    /** Capacity of the array now, 0 once released (for tests). */
    int capacity() {
        return buf == null ? 0 : buf.length;
    }
}
