{{/*
The topics of the event contract (gateway-model's io.dequeue.model.topic.Topics, docs/events.md):
name, partitions and topic configs. The k8s module's tests check this table against Topics.all().
*/}}
{{- define "dequeue.topics" -}}
- name: gateway.config
  partitions: 1
  config:
    cleanup.policy: compact
    min.compaction.lag.ms: "0"
- name: mail.accepted
  partitions: 6
  config:
    max.message.bytes: "67108864"
    retention.ms: "1382400000"
- name: dequeue.requests
  partitions: 6
  config: {}
- name: mail.released
  partitions: 6
  config:
    max.message.bytes: "67108864"
- name: edge.replies
  partitions: 8
  config:
    max.message.bytes: "67108864"
- name: delivery.outcomes
  partitions: 6
  config: {}
- name: queue.usage
  partitions: 6
  config:
    cleanup.policy: compact
    min.compaction.lag.ms: "0"
- name: mail.lifecycle
  partitions: 6
  config:
    retention.ms: "2592000000"
{{- end -}}

{{/* Partitions of edge.replies: the largest useful number of edge instances. */}}
{{- define "dequeue.edgeReplyPartitions" -}}
{{- $n := 0 -}}
{{- range (include "dequeue.topics" . | fromYamlArray) -}}
{{- if eq .name "edge.replies" -}}{{- $n = .partitions -}}{{- end -}}
{{- end -}}
{{- $n -}}
{{- end -}}

{{/*
What each service reads and writes, from its code (the k8s tests check it against the services'
sources): topics read, topics written, the consumer group, and for queue-service the Kafka Streams
application id (internal topics, group and transactional ids all start with it).
*/}}
{{- define "dequeue.kafkaAccess" -}}
smtpEdge:
  # GatewayDirectory, UsageView and ReplyChannel assign partitions themselves: no consumer group.
  read: [gateway.config, queue.usage, edge.replies]
  # MailStore (mail, accepted events), GatewayEtrnHandler and AtrnRequester (requests),
  # ReversedSessions (ATRN outcomes), DequeueAudit (lifecycle).
  write: [mail.accepted, dequeue.requests, delivery.outcomes, mail.lifecycle]
queueService:
  # QueueTopology: a global store on gateway.config, sources on the three co-partitioned inputs;
  # TimelineTopology: mail.lifecycle (message timelines); the admin API's GatewayDirectory reads
  # gateway.config too.
  read: [gateway.config, mail.accepted, dequeue.requests, delivery.outcomes, mail.lifecycle]
  # QueueTopology's sinks (mail.accepted: DSNs and hand-offs) and AdminRequests (dequeue.requests).
  write: [mail.released, edge.replies, queue.usage, mail.lifecycle, mail.accepted, dequeue.requests]
  streamsApplicationId: dequeue-queue
deliveryService:
  # mail.accepted: the bodies releases name (AcceptedMailReader, assigned, no group)
  read: [mail.released, gateway.config, mail.accepted]
  write: [delivery.outcomes, mail.lifecycle]
  # dequeue.delivery.consumer.group-id
  group: delivery-service
configService:
  # its own GatewayDirectory reads what TopicWriter writes
  read: [gateway.config]
  write: [gateway.config, mail.lifecycle]
{{- end -}}
