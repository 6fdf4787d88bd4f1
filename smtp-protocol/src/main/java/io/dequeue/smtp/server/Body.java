package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.buffer.Buffer;

/**
 * The message body being read in the {@link Phase.Data} phase: the {@link DataReader} that finds
 * its end and enforces its limits, and the {@link MessageSink} it goes to. A sink that throws is
 * not called again; the message then gets {@code 451 4.3.0}.
 */
final class Body {
    private final DataReader reader;
    private final MessageSink sink;
    private boolean sinkFailed;
    private DataReader.Result result;

    Body(ServerConfig config, MessageSink sink) {
        this.sink = sink;
        this.reader = new DataReader(config.maxMessageSize(), config.bareLineEndings(), config.maxTextLineLength(),
                this::toSink);
    }

    /** Feeds body bytes; returns the result once the end of data was seen, else null. */
    DataReader.Result feed(byte[] bytes) {
        DataReader.Result r = reader.feed(bytes);
        if (r != null) {
            result = r;
        }
        return r;
    }

    /** True once the end of data was seen (the answer to it may still be pending). */
    boolean ended() {
        return result != null;
    }

    boolean sinkFailed() {
        return sinkFailed;
    }

    MessageSink sink() {
        return sink;
    }

    /** Drops the message (connection lost, session closed); the sink's failures are ignored. */
    void abort(Reply reason) {
        abortQuietly(sink, reason);
    }

    static void abortQuietly(MessageSink sink, Reply reason) {
        try {
            sink.abort(reason);
        } catch (RuntimeException ignored) {
            // the message is dropped either way
        }
    }

    private void toSink(Buffer chunk) {
        if (sinkFailed) {
            return;
        }
        try {
            sink.chunk(chunk);
        } catch (RuntimeException e) {
            sinkFailed = true;
        }
    }
}
