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
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The state machine of held mail, one instance per task (partition): it receives decoded
 * accepted mail, requests and outcomes, and two wall-clock punctuators (deadlines, release
 * continuation). Every change and the records it causes commit together (exactly-once).
 *
 * <p>The punctuators run only when there is work: the deadline tick is a {@link Wakeup} armed for
 * the earliest deadline (at most one per {@code tick-interval}), the release continuation runs every
 * {@code release-interval} while a release job is in progress. Kafka Streams commits a transaction
 * after every punctuation, so an idle instance with periodic punctuators would write to the broker
 * ten times a second for nothing; this way it writes nothing.
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
    private HeldMail mail;
    private Wakeup tick;
    private Cancellable releaseTimer;

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
        mail = HeldMail.of(context, bodies, options.visits());
        mail.rebuild(); // the stores without changelog: usage counters, index, the messages' own deadlines
        Emitter out = new Emitter(context, options.source());
        UsageTracker usage = new UsageTracker(mail, out::usage, options.usageThrottle().toMillis());
        core = new QueueCore(mail, new GatewayLookup(context.getStateStore(QueueStores.GATEWAYS)), out, usage, options);
        intake = new Intake(core);
        releases = new Releases(core);
        outcomes = new Outcomes(core, releases);
        deadlines = new Deadlines(core, releases);
        admin = new AdminActions(core);
        tick = new Wakeup(context, options.tickInterval(), this::tick);
        long now = context.currentSystemTimeMs();
        mail.takeEarliestAdded();
        mail.takeJobsAdded();
        tick.request(mail.earliestDeadline(), now);
        if (!mail.jobs(1).isEmpty()) {
            armReleases();
        }
    }

    @Override
    public void process(Record<String, QueueInput> record) {
        // Wall-clock time (the test driver's mock time in tests), like the punctuators.
        long now = context.currentSystemTimeMs();
        QueueInput in = record.value();
        if (in instanceof QueueInput.Accepted a) {
            core.out.acceptedBegins();
            try {
                intake.accept(record.key(), a, now);
            } catch (RuntimeException e) {
                core.out.acceptedAborted();
                throw e;
            }
            core.out.acceptedEnds(record.key(), a, record.timestamp(), now);
        } else if (in instanceof QueueInput.Outcome o) {
            outcomes.apply(o.outcome(), now);
        } else if (in instanceof QueueInput.Request r) {
            request(r.request(), now);
        }
        core.usage.flush(now);
        rearm(now);
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
        mail.takeEarliestAdded();
        tick.request(mail.earliestDeadline(), now);
        rearm(now);
    }

    /** The next batch of every release in progress; the punctuator stops when none is left. */
    void continueReleases(long now) {
        releases.continueJobs(now);
        core.usage.flush(now);
        if (mail.jobs(1).isEmpty() && releaseTimer != null) {
            releaseTimer.cancel();
            releaseTimer = null;
        }
        rearm(now);
    }

    /** Arms the punctuators for what the last step added: an earlier deadline, a release job. */
    private void rearm(long now) {
        tick.request(mail.takeEarliestAdded(), now);
        if (mail.takeJobsAdded()) {
            armReleases();
        }
    }

    private void armReleases() {
        if (releaseTimer == null) {
            releaseTimer = context.schedule(options.releaseInterval(), PunctuationType.WALL_CLOCK_TIME,
                    this::continueReleases);
        }
    }
}
