package io.dequeue.smtp.client;

import io.dequeue.smtp.reply.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One client connection as the steps of a session use it: the socket, the {@link ReplyChannel}
 * that reads replies from it, and command lines written as bytes. Used on the socket's context.
 */
final class Wire {

    private final Vertx vertx;
    private final NetSocket socket;
    private final ReplyChannel channel;

    Wire(Vertx vertx, NetSocket socket, int maxReplyLine) {
        this.vertx = vertx;
        this.socket = socket;
        this.channel = new ReplyChannel(vertx, socket, maxReplyLine);
    }

    Vertx vertx() {
        return vertx;
    }

    NetSocket socket() {
        return socket;
    }

    ReplyChannel channel() {
        return channel;
    }

    boolean isTls() {
        return socket.isSsl();
    }

    boolean isBroken() {
        return channel.isBroken();
    }

    /** Writes one command line (CR LF added). */
    void command(String line) {
        channel.write(line(line));
    }

    /** The next reply, within {@code timeout}. */
    Future<Reply> expect(String what, Duration timeout) {
        return channel.expect(what, timeout);
    }

    /** Sends QUIT without waiting (unless the channel is broken), closes, and fails with {@code reason}. */
    <T> Future<T> quitAndFail(Reply reason) {
        if (!channel.isBroken()) {
            command("QUIT");
        }
        socket.close();
        return Future.failedFuture(new SmtpClientException(reason));
    }

    void close() {
        socket.close();
    }

    /** The failure that made the session unusable (the channel's, or "closed"). */
    SmtpClientException unusable() {
        SmtpClientException f = channel.failure();
        return f != null ? f : new SmtpClientException(LocalReplies.SESSION_CLOSED);
    }

    /** A command line: printable US-ASCII only, then CR LF. */
    static Buffer line(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("command line with a control or non-ASCII character");
            }
        }
        return Buffer.buffer((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code e} as the failure of a step: itself when it is one, else a local error. */
    static SmtpClientException asClientException(Throwable e) {
        if (e instanceof SmtpClientException s) {
            return s;
        }
        return new SmtpClientException(LocalReplies.localError(String.valueOf(e.getMessage())));
    }
}
