package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import io.dequeue.model.topic.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Parses the records of one input topic into {@link QueueInput}s: parse, then decide. A record that
 * cannot be read (bad key, missing envelope, bad JSON, a domain that is not the key) is logged,
 * counted and skipped: one bad record never stops the queue.
 */
public final class InputDecoder implements Processor<String, byte[], String, QueueInput> {
    private static final Logger LOG = Logger.getLogger(InputDecoder.class);

    private final String topic;
    private final QueueMetrics metrics;
    private ProcessorContext<String, QueueInput> context;

    public InputDecoder(String topic, QueueMetrics metrics) {
        this.topic = topic;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, QueueInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        QueueInput input;
        String domain;
        try {
            domain = DomainName.parse(record.key()).value();
            if (!domain.equals(record.key())) {
                throw new IllegalArgumentException("the key is not a canonical domain name");
            }
            input = decode(domain, record);
        } catch (RuntimeException e) {
            metrics.malformed(topic);
            RecordMetadata m = context.recordMetadata().orElse(null);
            LOG.warnf("skipping an unreadable record of %s%s: %s", topic,
                    m == null ? "" : "-" + m.partition() + "@" + m.offset(), e.getMessage());
            return;
        }
        // without the consumed headers: they would keep the whole fetch response alive (InputHeaders)
        context.forward(InputHeaders.dropped(record.withKey(domain).withValue(input)));
    }

    private QueueInput decode(String domain, Record<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("no value");
        }
        switch (topic) {
            case Topics.MAIL_ACCEPTED: {
                Envelope e = MailHeaders.envelope(record.headers());
                long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
                if (offset < 0) {
                    throw new IllegalStateException("no offset for the accepted record");
                }
                String hops = CloudEvents.get(record.headers(), MailHeaders.HANDOFF);
                boolean dsn = "true".equalsIgnoreCase(CloudEvents.get(record.headers(), MailHeaders.IS_DSN));
                return new QueueInput.Accepted(e, record.value(), offset, hops == null ? 0 : Integer.parseInt(hops), dsn);
            }
            case Topics.DEQUEUE_REQUESTS: {
                DequeueRequest r = Json.read(record.value(), DequeueRequest.class);
                if (!r.domain().value().equals(domain)) {
                    throw new IllegalArgumentException("the request's domain " + r.domain() + " is not its key");
                }
                return new QueueInput.Request(r);
            }
            case Topics.DELIVERY_OUTCOMES: {
                DeliveryOutcome o = Json.read(record.value(), DeliveryOutcome.class);
                if (!o.domain().value().equals(domain)) {
                    throw new IllegalArgumentException("the outcome's domain " + o.domain() + " is not its key");
                }
                return new QueueInput.Outcome(o);
            }
            default:
                throw new IllegalStateException("not an input topic: " + topic);
        }
    }
}
