package io.dequeue.delivery;

import io.dequeue.smtp.command.Command;
import io.dequeue.smtp.reply.Replies;
import io.dequeue.smtp.reply.Reply;
import io.dequeue.smtp.reply.ReplyException;
import io.dequeue.smtp.server.Envelope;
import io.dequeue.smtp.server.MessageSink;
import io.dequeue.smtp.server.NetSocketTransport;
import io.dequeue.smtp.server.ServerConfig;
import io.dequeue.smtp.server.SessionInfo;
import io.dequeue.smtp.server.SessionPolicy;
import io.dequeue.smtp.server.SmtpServerSession;
import io.dequeue.smtp.wire.DataReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on 127.0.0.1 that keeps what it receives (smtp-protocol's server session). A
 * recipient whose local part starts with {@code later} gets {@code 450 4.2.1}, {@code bad} gets
 * {@code 550 5.1.1}; everyone else is accepted.
 */
public final class SmtpSink implements AutoCloseable {

    /** One received message: sender, accepted recipients, body as received (dot-unstuffed). */
    public record Received(String sender, List<String> recipients, byte[] body) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    /** Messages received in a TLS session. */
    public final AtomicInteger receivedOverTls = new AtomicInteger();
    private KeyCertOptions tlsCertificate;
    private final Vertx vertx = Vertx.vertx();
    private NetServer server;

    /** Offer STARTTLS with this certificate and key (before {@link #start()}). */
    public SmtpSink tls(KeyCertOptions certificate) {
        this.tlsCertificate = certificate;
        return this;
    }

    public int start() throws Exception {
        boolean tls = tlsCertificate != null;
        ServerConfig config = ServerConfig.smtp().withHostname("sink.test").withMaxMessageSize(64L * 1024 * 1024)
                .withTls(tls);
        SessionPolicy policy = new SessionPolicy() {
            @Override
            public Future<Reply> rcptTo(SessionInfo session, Command.Rcpt rcpt) {
                String local = rcpt.forwardPath().localPart();
                if (local.startsWith("later")) {
                    return Future.failedFuture(new ReplyException(Reply.of(450, "4.2.1", "Try again later")));
                }
                if (local.startsWith("bad")) {
                    return Future.failedFuture(new ReplyException(Reply.of(550, "5.1.1", "User unknown")));
                }
                return Future.succeededFuture(Replies.RECIPIENT_OK);
            }

            @Override
            public Future<MessageSink> data(SessionInfo session, Envelope envelope) {
                Buffer body = Buffer.buffer();
                return Future.succeededFuture(new MessageSink() {
                    @Override
                    public void chunk(Buffer data) {
                        body.appendBuffer(data);
                    }

                    @Override
                    public Future<Reply> end(DataReader.Result result) {
                        String sender = envelope.reversePath() == null ? "" : envelope.reversePath().address();
                        received.add(new Received(sender,
                                envelope.recipients().stream().map(r -> r.forwardPath().address()).toList(),
                                body.getBytes()));
                        if (session.isTls()) {
                            receivedOverTls.incrementAndGet();
                        }
                        return Future.succeededFuture(Replies.queued("S" + received.size()));
                    }

                    @Override
                    public void abort(Reply reason) {
                    }
                });
            }
        };
        NetServerOptions options = new NetServerOptions().setSsl(false);
        if (tls) {
            options.setKeyCertOptions(tlsCertificate);
        }
        server = vertx.createNetServer(options).connectHandler(s -> {
            connections.incrementAndGet();
            new SmtpServerSession(new NetSocketTransport(vertx, s, tls), config, policy).start();
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
