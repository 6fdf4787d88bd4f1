package io.dequeue.edge.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * Starts server-side TLS on a socket that began in plaintext because a PROXY protocol header came
 * first (an implicit-TLS port behind a load balancer). The client's first TLS bytes may have
 * arrived together with the header; they are handed to the TLS handler as soon as it is in the
 * pipeline, ahead of anything read later, so the handshake sees the stream unchanged.
 */
public final class ImplicitTls {
    /** Name Vert.x gives its TLS handler in the channel pipeline. */
    private static final String SSL_HANDLER = "ssl";
    /** Event-loop turns to wait for the TLS handler to be installed before giving up. */
    private static final int MAX_WAIT_TURNS = 1000;

    private ImplicitTls() {
    }

    /**
     * @param socket a server socket whose options carry the certificate (as for STARTTLS), paused
     * @param early  bytes read with the PROXY header (the start of the client's handshake), or null
     * @return completes when the handshake is done
     */
    public static Future<Void> start(NetSocket socket, Buffer early) {
        Future<Void> handshake = socket.upgradeToSsl();
        if (early != null && early.length() > 0) {
            ChannelHandlerContext ctx = ((NetSocketInternal) socket).channelHandlerContext();
            replay(ctx, early.getBytes(), 0);
        }
        return handshake;
    }

    private static void replay(ChannelHandlerContext ctx, byte[] bytes, int turn) {
        ctx.executor().execute(() -> {
            ChannelPipeline pipeline = ctx.pipeline();
            if (!ctx.channel().isActive()) {
                return;
            }
            if (pipeline.get(SSL_HANDLER) != null) {
                // From the head of the pipeline: through the TLS handler first, like bytes just read.
                pipeline.fireChannelRead(Unpooled.wrappedBuffer(bytes));
                pipeline.fireChannelReadComplete();
            } else if (turn < MAX_WAIT_TURNS) {
                replay(ctx, bytes, turn + 1);
            } else {
                ctx.close();
            }
        });
    }
}
