package io.dequeue.fetch.session;

import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyParser;

import java.io.EOFException;
import java.io.IOException;

/** Reads SMTP replies from a {@link Wire} with the shared bounded {@link ReplyParser}. */
final class ReplyReader {

    private final Wire wire;
    private final ReplyParser parser = new ReplyParser();
    private final byte[] buf = new byte[4096];

    ReplyReader(Wire wire) {
        this.wire = wire;
    }

    /**
     * The next reply.
     *
     * @throws EOFException                        when the peer closed first
     * @throws ReplyParser.MalformedReplyException on a line that is not a reply
     */
    Reply read() throws IOException {
        while (true) {
            Reply r = parser.next();
            if (r != null) {
                return r;
            }
            int n = wire.read(buf);
            if (n < 0) {
                throw new EOFException("connection closed by the peer");
            }
            parser.feed(java.util.Arrays.copyOf(buf, n));
        }
    }

    /** Bytes received after the last reply (a peer must send none before a TLS or role change). */
    int buffered() {
        return parser.buffered();
    }
}
