package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The reading half of a client session: feeds the socket's bytes to a {@link ReplyParser} and hands
 * replies, in order, to the steps waiting for them. Only the first waiter's timer runs, so in a
 * pipelined group each reply gets its full timeout from the previous one. A timeout, a lost
 * connection or a malformed reply breaks the channel for good: every waiter, present and future,
 * fails with the same {@link SmtpClientException}, and the socket is closed.
 *
 * <p>Used on the socket's context only.
 */
final class ReplyChannel {

    private static final int MAX_UNCLAIMED = 4;

    private record Waiter(String what, Duration timeout, Promise<Reply> promise) {
    }

    private final Vertx vertx;
    private final NetSocket socket;
    private final int maxReplyLine;
    private ReplyParser parser;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final ArrayDeque<Reply> unclaimed = new ArrayDeque<>();
    private long timer = -1;
    private volatile SmtpClientException failure;

    ReplyChannel(Vertx vertx, NetSocket socket, int maxReplyLine) {
        this.vertx = vertx;
        this.socket = socket;
        this.maxReplyLine = maxReplyLine;
        this.parser = new ReplyParser(maxReplyLine, ReplyParser.DEFAULT_MAX_LINES);
    }

    /** Takes over the socket's input and resumes it. */
    void attach() {
        socket.handler(this::onData);
        socket.closeHandler(v -> fail(LocalReplies.CONNECTION_LOST));
        socket.exceptionHandler(t -> fail(LocalReplies.CONNECTION_LOST));
        socket.resume();
    }

    /** The failure that broke the channel, or null while it works. */
    SmtpClientException failure() {
        return failure;
    }

    boolean isBroken() {
        return failure != null;
    }

    /** Replies received that no step asked for (e.g. a 421 before closing an idle connection). */
    boolean hasUnclaimed() {
        return !unclaimed.isEmpty();
    }

    /** The next reply, within {@code timeout} of becoming the first one awaited. */
    Future<Reply> expect(String what, Duration timeout) {
        Promise<Reply> p = Promise.promise();
        if (failure != null) {
            p.fail(failure);
        } else if (waiting.isEmpty() && !unclaimed.isEmpty()) {
            p.complete(unclaimed.poll());
        } else {
            waiting.add(new Waiter(what, timeout, p));
            arm();
        }
        return p.future();
    }

    /** Queues bytes for the peer (replies are awaited with {@link #expect}). */
    Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        return socket.write(data).recover(e -> {
            fail(LocalReplies.CONNECTION_LOST);
            return Future.failedFuture(failure);
        });
    }

    /** Writes and waits until the bytes left for the peer, within {@code timeout}. */
    Future<Void> writeTimed(Buffer data, Duration timeout) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        Promise<Void> p = Promise.promise();
        long t = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            fail(LocalReplies.DATA_BLOCK_TIMEOUT);
            p.tryFail(failure);
        });
        socket.write(data).onComplete(ar -> {
            vertx.cancelTimer(t);
            if (ar.succeeded()) {
                p.tryComplete();
            } else {
                fail(LocalReplies.CONNECTION_LOST);
                p.tryFail(failure);
            }
        });
        return p.future();
    }

    /**
     * Drops every byte received but not yet read as a reply. After {@code 220} to STARTTLS, so that
     * nothing injected before the handshake is read as a reply inside TLS.
     */
    void discardBuffered() {
        parser = new ReplyParser(maxReplyLine, ReplyParser.DEFAULT_MAX_LINES);
        unclaimed.clear();
    }

    /** Breaks the channel with this reason (first call wins) and closes the socket. */
    void fail(Reply reason) {
        if (failure != null) {
            return;
        }
        failure = new SmtpClientException(reason);
        cancelTimer();
        Waiter w;
        while ((w = waiting.poll()) != null) {
            w.promise().tryFail(failure);
        }
        socket.close();
    }

    private void onData(Buffer data) {
        if (failure != null) {
            return;
        }
        parser.feed(data);
        while (failure == null) {
            Reply r;
            try {
                r = parser.next();
            } catch (ReplyParser.MalformedReplyException e) {
                fail(LocalReplies.MALFORMED_REPLY);
                return;
            }
            if (r == null) {
                return;
            }
            deliver(r);
        }
    }

    private void deliver(Reply r) {
        Waiter w = waiting.poll();
        if (w == null) {
            unclaimed.add(r);
            if (unclaimed.size() > MAX_UNCLAIMED) {
                fail(LocalReplies.MALFORMED_REPLY);
            }
            return;
        }
        cancelTimer();
        arm();
        w.promise().complete(r);
    }

    private void arm() {
        Waiter head = waiting.peek();
        if (timer != -1 || head == null) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, head.timeout().toMillis()), id -> {
            timer = -1;
            fail(LocalReplies.timeout(head.what()));
        });
    }

    private void cancelTimer() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
