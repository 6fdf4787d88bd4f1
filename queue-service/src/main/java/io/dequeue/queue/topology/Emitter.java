package io.dequeue.queue.topology;

import io.dequeue.model.DomainName;
import io.dequeue.model.RandomIds;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.QueueUsage;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.Json;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the topology's records to its sinks, each with its CloudEvents headers first and then
 * any {@code dq_*} headers the caller prepared.
 */
public final class Emitter {
    public static final String RELEASED_SINK = "mail-released-sink";
    public static final String REPLIES_SINK = "edge-replies-sink";
    public static final String USAGE_SINK = "queue-usage-sink";
    public static final String LIFECYCLE_SINK = "mail-lifecycle-sink";
    public static final String ACCEPTED_SINK = "mail-accepted-sink";
    /** The value of a {@code mail.released} record that names its body ({@code dq_accepted_*}) instead of carrying it. */
    public static final byte[] NO_BODY = new byte[0];

    private final ProcessorContext<String, Object> context;
    private final String source;
    /** The timeline's events of the accepted record being processed, forwarded after it; null between. */
    private List<LifecycleEvent> acceptedStep;

    public Emitter(ProcessorContext<String, Object> context, String source) {
        this.context = context;
        this.source = source;
    }

    /** Fresh headers with the CloudEvents attributes set; the caller may add {@code dq_*} headers after them. */
    public Headers headers(String type, String contentType, long now) {
        Headers h = new RecordHeaders();
        CloudEvents.apply(h, RandomIds.next(), type, source, contentType, Instant.ofEpochMilli(now));
        return h;
    }

    /** A release: {@code raw} is the body, or {@link #NO_BODY} when the headers name it. */
    public void released(String domain, byte[] raw, Headers headers, long now) {
        context.forward(new Record<>(domain, raw, now, headers), RELEASED_SINK);
    }

    /** A message handed to another local domain (or a notification for one): back into mail.accepted. */
    public void accepted(String domain, byte[] raw, Headers headers, long now) {
        context.forward(new Record<>(domain, raw, now, headers), ACCEPTED_SINK);
    }

    public void reply(String domain, int partition, EdgeReply reply, long now) {
        Headers h = headers(reply.eventType(), CloudEvents.JSON, now);
        context.forward(new Record<>(domain, new ReplyPayload(partition, Json.write(reply)), now, h), REPLIES_SINK);
    }

    public void atrnMessage(String domain, int partition, byte[] raw, Headers headers, long now) {
        context.forward(new Record<>(domain, new ReplyPayload(partition, raw), now, headers), REPLIES_SINK);
    }

    public void usage(QueueUsage usage, long now) {
        Headers h = headers(EventTypes.QUEUE_USAGE, CloudEvents.JSON, now);
        context.forward(new Record<>(usage.domain().value(), Json.write(usage), now, h), USAGE_SINK);
    }

    public void lifecycle(LifecycleEvent.Type type, String domain, String messageId, long now,
                          Map<String, Object> details) {
        LifecycleEvent e = new LifecycleEvent(type, new DomainName(domain), messageId, QueueOptions.SERVICE,
                Instant.ofEpochMilli(now), Details.clean(details));
        Headers h = headers(e.eventType(), CloudEvents.JSON, now);
        context.forward(new Record<>(domain, Json.write(e), now, h), LIFECYCLE_SINK);
        if (type == LifecycleEvent.Type.HELD || type == LifecycleEvent.Type.RELEASED) {
            if (acceptedStep != null) {
                acceptedStep.add(e);
            } else {
                context.forward(new Record<>(domain, new QueueStep.Event(e), now), QueueTopology.STEPS);
            }
        }
    }

    /** The processing of a {@code mail.accepted} record begins: its timeline events wait for {@link #accepted}. */
    void acceptedBegins() {
        acceptedStep = new ArrayList<>();
    }

    /** The processing of a {@code mail.accepted} record failed: nothing of it goes to the timeline. */
    void acceptedAborted() {
        acceptedStep = null;
    }

    /**
     * The processing of a {@code mail.accepted} record ends: the timeline gets the record with the
     * {@code held} event made of it (one step, one write), then any other event of the step.
     */
    void acceptedEnds(String domain, QueueInput.Accepted a, long recordTime, long now) {
        List<LifecycleEvent> events = acceptedStep;
        acceptedStep = null;
        String id = a.envelope().messageId();
        LifecycleEvent held = events.stream().filter(e -> e.type() == LifecycleEvent.Type.HELD
                && id.equals(e.messageId()) && domain.equals(e.domain().value())).findFirst().orElse(null);
        context.forward(new Record<>(domain, new QueueStep.Accepted(a, recordTime, held), now), QueueTopology.STEPS);
        for (LifecycleEvent e : events) {
            if (e != held) {
                context.forward(new Record<>(e.domain().value(), new QueueStep.Event(e), now), QueueTopology.STEPS);
            }
        }
    }
}
