package io.dequeue.smtp.server;

import io.dequeue.smtp.reply.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A session's replies on their way out and when it reads. Replies gathered while working through
 * pipelined input are written together (at the latest once {@link #FLUSH_AT} bytes are waiting).
 * Input stops while a policy answer is pending (pipelined commands wait; not before the greeting,
 * to catch early talkers, nor while ATRN's grant is awaited, to catch a client that talks past
 * it) and while the peer does not take our replies: past the transport's write queue bound the
 * session stops reading, and so stops answering, until the queue has drained.
 */
final class FlowControl {

    /** Replies gathered while working through pipelined input are written once they reach this size. */
    static final int FLUSH_AT = 8 * 1024;

    private final SessionTransport transport;
    private final Runnable onDrained;
    private Buffer out = Buffer.buffer();
    private boolean paused;
    private boolean waitingForPolicy;
    private boolean writeBlocked;

    /** @param onDrained runs on the session's context once a full write queue has drained */
    FlowControl(SessionTransport transport, Runnable onDrained) {
        this.transport = transport;
        this.onDrained = onDrained;
    }

    void append(Reply reply) {
        out.appendBytes(reply.toBytes());
    }

    /** True when enough replies wait to be written now. */
    boolean gathered() {
        return out.length() >= FLUSH_AT;
    }

    /** True while the peer does not take our replies. */
    boolean writeBlocked() {
        return writeBlocked;
    }

    /** Writes what was gathered; a write that fills the queue stops reading until it drained. */
    Future<Void> flush(Phase phase) {
        if (out.length() == 0) {
            return Future.succeededFuture();
        }
        Buffer b = out;
        out = Buffer.buffer();
        Future<Void> written = transport.write(b);
        if (!writeBlocked && owned(phase) && transport.writeQueueFull()) {
            writeBlocked = true;
            transport.drainHandler(() -> transport.runOnContext(onDrained));
            update(phase);
        }
        return written;
    }

    /** The queue drained: reading may go on. False when that changes nothing. */
    boolean drained(Phase phase) {
        if (!writeBlocked || !owned(phase)) {
            return false;
        }
        writeBlocked = false;
        update(phase);
        return true;
    }

    /** A policy answer is pending (true) or came (false). */
    void waitingForPolicy(boolean waiting, Phase phase) {
        waitingForPolicy = waiting;
        update(phase);
    }

    /** Pauses or resumes the transport for what the session waits for in this phase. */
    void update(Phase phase) {
        if (!owned(phase)) {
            return;
        }
        boolean stop = phase.kind() != Phase.Kind.AWAITING_GRANT && (writeBlocked || waitingForPolicy);
        if (stop && !paused) {
            paused = true;
            transport.pause();
        } else if (!stop && paused) {
            paused = false;
            transport.resume();
        }
    }

    /** The transport goes to another owner: paused, nothing of ours called back. */
    void release() {
        transport.drainHandler(null);
        writeBlocked = false;
        if (!paused) {
            paused = true;
            transport.pause();
        }
    }

    /** The session closed: no drain callback any more. */
    void closed() {
        transport.drainHandler(null);
    }

    private static boolean owned(Phase phase) {
        return phase.kind() != Phase.Kind.CLOSED && phase.kind() != Phase.Kind.REVERSED;
    }
}
