package io.dequeue.model.serde;

import io.dequeue.model.DomainName;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.settings.GatewayRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serde of each topic's keys and values. Mail-carrying topics ({@code mail.accepted},
 * {@code mail.released}, the message records of {@code edge.replies}) carry raw bytes; their
 * envelope travels in headers (see {@link io.dequeue.model.event.MailHeaders}).
 */
public final class ContractSerdes {
    private static final DomainNameSerde KEY = new DomainNameSerde();

    private ContractSerdes() {
    }

    public static Serde<DomainName> key() {
        return KEY;
    }

    /** {@code gateway.config}; null = tombstone. */
    public static JsonSerde<GatewayRecord> gatewayRecord() {
        return new JsonSerde<>(GatewayRecord.class);
    }

    /** {@code dequeue.requests}. */
    public static JsonSerde<DequeueRequest> dequeueRequest() {
        return new JsonSerde<>(DequeueRequest.class);
    }

    /** The JSON answers of {@code edge.replies}. */
    public static JsonSerde<EdgeReply> edgeReply() {
        return new JsonSerde<>(EdgeReply.class);
    }

    /** {@code delivery.outcomes}. */
    public static JsonSerde<DeliveryOutcome> deliveryOutcome() {
        return new JsonSerde<>(DeliveryOutcome.class);
    }

    /** {@code queue.usage}. */
    public static JsonSerde<QueueUsage> queueUsage() {
        return new JsonSerde<>(QueueUsage.class);
    }

    /** {@code mail.lifecycle}. */
    public static JsonSerde<LifecycleEvent> lifecycleEvent() {
        return new JsonSerde<>(LifecycleEvent.class);
    }

    /** Raw RFC 5322 message bytes ({@code mail.accepted}, {@code mail.released}). */
    public static Serde<byte[]> rawMessage() {
        return Serdes.ByteArray();
    }
}
