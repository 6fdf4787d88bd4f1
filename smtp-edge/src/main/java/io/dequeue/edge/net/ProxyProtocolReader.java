package io.dequeue.edge.net;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;

/**
 * Reads the PROXY protocol header off a freshly accepted socket, before any session starts. Call it
 * from the {@code NetServer} connect handler. On success the socket is <em>paused</em> with no
 * handler: install the session's handlers, then {@code resume()}. A malformed header, a peer that
 * closes, or no complete header within the timeout closes the socket and fails the future.
 */
public final class ProxyProtocolReader {

    /**
     * @param client   the real client (from the header), or the socket's own peer when the header
     *                 names none (v1 UNKNOWN, v2 LOCAL: health checks of the load balancer)
     * @param header   the decoded header
     * @param leftover bytes the client sent after the header (normally none: SMTP clients wait
     *                 for the greeting), to be handed to the session first
     */
    public record Accepted(SocketAddress client, ProxyHeader header, Buffer leftover) {
    }

    private ProxyProtocolReader() {
    }

    public static Future<Accepted> read(Vertx vertx, NetSocket socket, Duration timeout) {
        return read(vertx, socket, timeout, ProxyHeaderDecoder.DEFAULT_MAX_V2_PAYLOAD);
    }

    public static Future<Accepted> read(Vertx vertx, NetSocket socket, Duration timeout, int maxV2Payload) {
        Promise<Accepted> promise = Promise.promise();
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(maxV2Payload);
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (promise.tryFail("no complete PROXY protocol header within " + timeout.toMillis() + " ms")) {
                detach(socket);
                socket.close();
            }
        });
        socket.exceptionHandler(e -> {
            if (promise.tryFail(e)) {
                vertx.cancelTimer(timer);
                detach(socket);
                socket.close();
            }
        });
        socket.closeHandler(v -> {
            if (promise.tryFail("connection closed before the PROXY protocol header")) {
                vertx.cancelTimer(timer);
                detach(socket);
            }
        });
        socket.handler(data -> {
            if (promise.future().isComplete()) {
                return;
            }
            ProxyHeaderDecoder.Result r = decoder.feed(data.getBytes());
            if (r instanceof ProxyHeaderDecoder.Decoded d) {
                vertx.cancelTimer(timer);
                socket.pause();
                detach(socket);
                SocketAddress client = d.header().client()
                        .map(SocketAddress::inetSocketAddress)
                        .orElse(socket.remoteAddress());
                promise.tryComplete(new Accepted(client, d.header(), Buffer.buffer(d.remaining())));
            } else if (r instanceof ProxyHeaderDecoder.Malformed m) {
                vertx.cancelTimer(timer);
                detach(socket);
                promise.tryFail(new MalformedProxyHeaderException(m.reason()));
                socket.close();
            }
        });
        return promise.future();
    }

    private static void detach(NetSocket socket) {
        socket.handler(null);
        socket.exceptionHandler(null);
        socket.closeHandler(null);
    }

    /** The peer did not send a valid PROXY protocol header. */
    public static final class MalformedProxyHeaderException extends RuntimeException {
        public MalformedProxyHeaderException(String reason) {
            super(reason, null, false, false);
        }
    }
}
