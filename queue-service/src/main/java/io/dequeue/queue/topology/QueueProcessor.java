package io.dequeue.queue.topology;

import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.DequeueRequest;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.queue.body.BodySource;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.usage.UsageTracker;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The state machine of held mail, one instance per task (partition): it receives decoded
 * accepted mail, requests and outcomes, and two wall-clock punctuators (deadlines, release
 * continuation). Every change and the records it causes commit together (exactly-once).
 */
public final class QueueProcessor implements Processor<String, QueueInput, String, Object> {
    private final QueueOptions options;
    private ProcessorContext<String, Object> context;
    private BodySource bodies;
    private QueueCore core;
    private Intake intake;
    private Releases releases;
    private Outcomes outcomes;
    private Deadlines deadlines;
    private AdminActions admin;

    public QueueProcessor(QueueOptions options) {
        this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        if (options.bodies() == null) {
            throw new IllegalStateException("no source of bodies configured (QueueOptions.withBodies)");
        }
        bodies = options.bodies().open(context.taskId().partition());
        HeldMail mail = HeldMail.of(context, bodies, options.visits());
        Emitter out = new Emitter(context, options.source());
        UsageTracker usage = new UsageTracker(mail, out::usage, options.usageThrottle().toMillis());
        core = new QueueCore(mail, new GatewayLookup(context.getStateStore(QueueStores.GATEWAYS)), out, usage, options);
        intake = new Intake(core);
        releases = new Releases(core);
        outcomes = new Outcomes(core, releases);
        deadlines = new Deadlines(core, releases);
        admin = new AdminActions(core);
        context.schedule(options.tickInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(options.releaseInterval(), PunctuationType.WALL_CLOCK_TIME, this::continueReleases);
    }

    @Override
    public void process(Record<String, QueueInput> record) {
        // Wall-clock time (the test driver's mock time in tests), like the punctuators.
        long now = context.currentSystemTimeMs();
        QueueInput in = record.value();
        if (in instanceof QueueInput.Accepted a) {
            intake.accept(record.key(), a, now);
        } else if (in instanceof QueueInput.Outcome o) {
            outcomes.apply(o.outcome(), now);
        } else if (in instanceof QueueInput.Request r) {
            request(r.request(), now);
        }
        core.usage.flush(now);
    }

    private void request(DequeueRequest request, long now) {
        if (request instanceof EtrnRequest e) {
            releases.etrn(e, now);
        } else if (request instanceof AtrnRequest a) {
            releases.atrn(a, now);
        } else if (request instanceof AtrnSessionEnd end) {
            releases.atrnEnd(end, now);
        } else if (request instanceof AdminRequest a) {
            switch (a.action()) {
                case RELEASE:
                    releases.adminRelease(a, now);
                    break;
                case DROP:
                    admin.drop(a, now);
                    break;
                case BOUNCE:
                    admin.bounce(a, now);
                    break;
                default:
                    break;
            }
        }
    }

    @Override
    public void close() {
        if (bodies != null) {
            bodies.close();
            bodies = null;
        }
    }

    /** Deadlines due by now (lease and grant ends, expiries, warnings, throttled usage). */
    void tick(long now) {
        deadlines.tick(now);
        core.usage.flush(now);
    }

    /** The next batch of every release in progress. */
    void continueReleases(long now) {
        releases.continueJobs(now);
        core.usage.flush(now);
    }
}
