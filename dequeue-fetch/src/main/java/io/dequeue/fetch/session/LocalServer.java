package io.dequeue.fetch.session;

import io.dequeue.fetch.HostPort;
import io.dequeue.smtp.client.Capabilities;
import io.dequeue.smtp.reply.Reply;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The one connection to the customer's mail server (SMTP, or LMTP with LHLO), opened before ATRN
 * and reused for every transaction of the reversed session. Commands are queued in the output
 * buffer and go out together on {@link #flush()}: the caller pipelines when {@link #pipelining()}.
 */
final class LocalServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.dequeue.fetch.local");

    private final HostPort target;
    private final boolean lmtp;
    private final Wire wire;
    private final ReplyReader replies;
    private Capabilities capabilities = Capabilities.NONE;

    private LocalServer(HostPort target, boolean lmtp, Wire wire) {
        this.target = target;
        this.lmtp = lmtp;
        this.wire = wire;
        this.replies = new ReplyReader(wire);
    }

    /**
     * Connects, reads the greeting and says EHLO (LHLO for LMTP; HELO when EHLO is refused).
     *
     * @throws IOException when the server is down, refuses, or does not speak SMTP
     */
    static LocalServer open(HostPort target, boolean lmtp, String helo, Duration timeout) throws IOException {
        Wire w = Wire.connect(target, timeout);
        LocalServer s = new LocalServer(target, lmtp, w);
        try {
            Reply greeting = s.readReply();
            if (greeting.code() != 220) {
                throw new IOException("local server greeting: " + greeting);
            }
            Reply r = s.command((lmtp ? "LHLO " : "EHLO ") + helo);
            if (r.isPositiveCompletion()) {
                s.capabilities = Capabilities.parse(r);
            } else if (!lmtp && r.isPermanentFailure()) {
                Reply h = s.command("HELO " + helo);
                if (!h.isPositiveCompletion()) {
                    throw new IOException("local server refused HELO: " + h);
                }
            } else {
                throw new IOException("local server refused " + (lmtp ? "LHLO" : "EHLO") + ": " + r);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private Reply command(String line) throws IOException {
        send(line);
        flush();
        return readReply();
    }

    Capabilities capabilities() {
        return capabilities;
    }

    boolean lmtp() {
        return lmtp;
    }

    boolean pipelining() {
        return capabilities.pipelining();
    }

    HostPort target() {
        return target;
    }

    /** Queues a command line given as text. */
    void send(String line) throws IOException {
        LOG.fine(() -> "local <- " + line);
        wire.line(line);
    }

    /** Queues a command line as received from upstream (bytes, without CR LF). */
    void send(byte[] line) throws IOException {
        LOG.fine(() -> "local <- " + new String(line, java.nio.charset.StandardCharsets.ISO_8859_1));
        wire.line(line);
    }

    Wire wire() {
        return wire;
    }

    void flush() throws IOException {
        wire.flush();
    }

    /** The next reply; a malformed one is an {@link IOException} (the connection is unusable). */
    Reply readReply() throws IOException {
        try {
            Reply r = replies.read();
            LOG.fine(() -> "local -> " + r);
            return r;
        } catch (RuntimeException e) {
            throw new IOException("bad reply from the local server: " + e.getMessage(), e);
        }
    }

    /** Ends the session politely. */
    void quit() {
        try {
            send("QUIT");
            flush();
            readReply();
        } catch (IOException e) {
            LOG.fine(() -> "local QUIT not answered: " + e.getMessage());
        }
        wire.close();
    }

    /** Drops the connection without a final dot: the local server discards the open transaction. */
    void abort() {
        wire.abort();
    }

    @Override
    public void close() {
        wire.close();
    }
}
