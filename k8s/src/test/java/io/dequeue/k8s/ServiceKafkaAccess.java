package io.dequeue.k8s;

import io.dequeue.model.topic.Topics;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each service reads and writes on Kafka, verified against the code (December 2026):
 * <ul>
 *   <li>smtp-edge: reads gateway.config (GatewayDirectory), queue.usage (UsageView) and its
 *   partition of edge.replies (ReplyChannel), all by assigning partitions (no consumer group);
 *   writes mail.accepted and mail.lifecycle (MailStore), dequeue.requests (GatewayEtrnHandler,
 *   AtrnRequester), delivery.outcomes (ReversedSessions), mail.lifecycle (DequeueAudit).</li>
 *   <li>queue-service: Kafka Streams application {@code dequeue-queue} (QueueTopology: a global
 *   store on gateway.config, sources mail.accepted, dequeue.requests, delivery.outcomes, and
 *   mail.lifecycle for the message timelines (TimelineTopology); sinks
 *   mail.released, edge.replies, queue.usage, mail.lifecycle, mail.accepted); the admin API writes
 *   dequeue.requests (AdminRequests) and reads gateway.config (GatewayDirectory).</li>
 *   <li>delivery-service: consumes mail.released as group {@code delivery-service}
 *   (ReleasedMailConsumer, dequeue.delivery.consumer.group-id), reads the bodies releases name
 *   from mail.accepted (BodyReader, assigned, no group) and gateway.config; writes
 *   delivery.outcomes and mail.lifecycle (KafkaEventPublisher).</li>
 *   <li>config-service: writes gateway.config and mail.lifecycle (TopicWriter), reads
 *   gateway.config (its GatewayDirectory).</li>
 * </ul>
 * No producer of the four uses a transactional id except Kafka Streams (exactly_once_v2).
 * {@code KafkaAclsTest} checks this table against the services' sources and the chart's KafkaUsers.
 */
record ServiceKafkaAccess(String module, String valuesKey, Set<String> reads, Set<String> writes,
                          String group, String streamsApplicationId) {

    static final Map<String, ServiceKafkaAccess> ALL = Map.of(
            "smtp-edge", new ServiceKafkaAccess("smtp-edge", "smtpEdge",
                    Set.of(Topics.GATEWAY_CONFIG, Topics.QUEUE_USAGE, Topics.EDGE_REPLIES),
                    Set.of(Topics.MAIL_ACCEPTED, Topics.DEQUEUE_REQUESTS, Topics.DELIVERY_OUTCOMES, Topics.MAIL_LIFECYCLE),
                    null, null),
            "queue-service", new ServiceKafkaAccess("queue-service", "queueService",
                    Set.of(Topics.GATEWAY_CONFIG, Topics.MAIL_ACCEPTED, Topics.DEQUEUE_REQUESTS, Topics.DELIVERY_OUTCOMES,
                            Topics.MAIL_LIFECYCLE),
                    Set.of(Topics.MAIL_RELEASED, Topics.EDGE_REPLIES, Topics.QUEUE_USAGE, Topics.MAIL_LIFECYCLE,
                            Topics.MAIL_ACCEPTED, Topics.DEQUEUE_REQUESTS),
                    null, "dequeue-queue"),
            "delivery-service", new ServiceKafkaAccess("delivery-service", "deliveryService",
                    Set.of(Topics.MAIL_RELEASED, Topics.GATEWAY_CONFIG, Topics.MAIL_ACCEPTED),
                    Set.of(Topics.DELIVERY_OUTCOMES, Topics.MAIL_LIFECYCLE),
                    "delivery-service", null),
            "config-service", new ServiceKafkaAccess("config-service", "configService",
                    Set.of(Topics.GATEWAY_CONFIG),
                    Set.of(Topics.GATEWAY_CONFIG, Topics.MAIL_LIFECYCLE),
                    null, null));

    Set<String> topics() {
        Set<String> all = new TreeSet<>(reads);
        all.addAll(writes);
        return all;
    }
}
