package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Receives one message body, chunk by chunk, after the {@code 354}. The body is dot-unstuffed,
 * with CR LF line endings, and ends with the CR LF of its last line. The sink decides whether to
 * accumulate; exactly one of {@link #end} or {@link #abort} is called.
 */
public interface MessageSink {

    /** A piece of the body, in order. Must not block; a thrown exception fails the message (451). */
    void chunk(Buffer data);

    /**
     * The body is complete and valid; store it and answer with the reply for the client, normally
     * {@code Replies.queued(id)}. A failed future gives {@code 451 4.3.0} (or the reply of a
     * {@code ReplyException}).
     */
    Future<Reply> end(DataReader.Result result);

    /** The message will not be accepted (too big, bare line ending, connection lost...): drop it. */
    void abort(Reply reason);
}
