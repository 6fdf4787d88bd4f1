package io.dequeue.delivery.transport.pool;

import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;

import java.util.concurrent.CompletionStage;

/** A ready SMTP connection as the pool sees it. */
public interface PooledConnection {

    /**
     * Sends one message. Completes with per-recipient results once the message started; fails
     * (with an {@code SmtpClientException}) only when nothing of it reached the peer.
     */
    CompletionStage<MessageResult> send(OutboundMessage message);

    /** Whether another message may be sent. */
    boolean isUsable();

    /** The host that answers, for outcomes. */
    String remoteHost();

    /** QUIT and close, in the background. */
    void quit();
}
