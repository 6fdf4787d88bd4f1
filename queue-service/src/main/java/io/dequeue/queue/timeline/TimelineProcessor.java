package io.dequeue.queue.timeline;

import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.serde.Json;
import io.dequeue.queue.timeline.TimelineKeys.Ref;
import io.dequeue.queue.topology.QueueStep;
import io.dequeue.queue.topology.Wakeup;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Materialises the timeline of every message of its partition: from the queue processor's steps
 * ({@link QueueStep}) the envelope of each {@code mail.accepted} record with the edge's
 * {@code accepted} and the queue's {@code held} step, and the queue's later {@code held} and
 * {@code released} events; from {@code mail.lifecycle} every other event (what delivery-service and
 * the edge report, the queue's expiries, bounces, drops, deferrals), skipping the copies of what it
 * recorded itself ({@link TimelineWriter#recordedItself}). It writes nothing to Kafka but its store's
 * changelog. Events older than the retention (a first start reading the topic's history) are
 * skipped unread; an unreadable event is logged and skipped.
 */
final class TimelineProcessor implements Processor<String, Object, Void, Void> {
    private static final Logger LOG = Logger.getLogger(TimelineProcessor.class);
    /** Facts the summary already holds, or that only repeat the key. */
    private static final Set<String> REDUNDANT = Set.of("sender");

    private final TimelineOptions options;
    private ProcessorContext<Void, Void> context;
    private TimelineWriter writer;
    private Wakeup sweep;

    TimelineProcessor(TimelineOptions options) {
        this.options = options;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(TimelineTopology.STORE);
        writer = new TimelineWriter(store, options);
        // A wake-up rather than a periodic punctuator: every punctuation commits a transaction, so the
        // sweep runs only when the oldest settled timeline passes the retention.
        sweep = new Wakeup(context, options.sweepInterval(), this::sweep);
        armSweep(context.currentSystemTimeMs());
    }

    private void sweep(long now) {
        int n = writer.sweep(now - options.retention().toMillis(), options.sweepBatch());
        if (n >= options.sweepBatch()) {
            sweep.request(now, now);
        } else {
            armSweep(now);
        }
    }

    private void armSweep(long now) {
        long oldest = writer.oldestSettledAt();
        if (oldest != Long.MAX_VALUE) {
            sweep.request(oldest + options.retention().toMillis(), now);
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof QueueStep.Accepted a) {
            writer.accepted(record.key(), a, a.held() == null ? null : event(a.held()));
        } else if (record.value() instanceof QueueStep.Event o) {
            LifecycleEvent e = o.event();
            settledBy(writer.ownEvent(new Ref(e.messageId(), e.domain().value()), event(e)));
        } else if (record.value() instanceof byte[] b) {
            lifecycle(record.timestamp(), b);
        }
    }

    private void lifecycle(long timestamp, byte[] value) {
        if (timestamp < context.currentSystemTimeMs() - options.retention().toMillis()) {
            return;
        }
        LifecycleEvent e;
        try {
            e = Json.read(value, LifecycleEvent.class);
        } catch (RuntimeException ex) {
            RecordMetadata m = context.recordMetadata().orElse(null);
            LOG.warnf("timeline: skipping an unreadable mail.lifecycle record%s: %s",
                    m == null ? "" : " " + m.partition() + "@" + m.offset(), ex.getMessage());
            return;
        }
        if (e.messageId() == null || e.messageId().isEmpty() || e.messageId().indexOf(0) >= 0) {
            return; // about a domain (etrn, atrn, gateway-changed), not a message
        }
        Ref ref = new Ref(e.messageId(), e.domain().value());
        TimelineEvent te = event(e);
        if (writer.recordedItself(ref, te)) {
            return;
        }
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        settledBy(writer.event(ref, offset, te));
    }

    private void settledBy(boolean settled) {
        if (settled && !sweep.armed()) {
            armSweep(context.currentSystemTimeMs());
        }
    }

    /** The step a lifecycle event is, without what the summary already holds. */
    private static TimelineEvent event(LifecycleEvent e) {
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.keySet().removeAll(REDUNDANT);
        return new TimelineEvent(e.type().wireName(), e.at(), e.service(), details);
    }
}
