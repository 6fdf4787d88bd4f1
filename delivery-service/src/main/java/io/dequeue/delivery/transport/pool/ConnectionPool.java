package io.dequeue.delivery.transport.pool;

import io.dequeue.delivery.DeliveryReplies;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.SmtpClientException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Few connections, many messages each. Messages for one {@link PoolKey} wait in that key's queue
 * and go out over the key's connections, one after the other (the client sends RSET between them).
 * A key gets a new connection while it has more queued messages than connections being opened, up
 * to {@link PoolSettings#maxPerTarget()}; all keys together hold at most
 * {@link PoolSettings#maxTotal()} connections, and a key waiting for one of them takes it from an
 * idle connection of another key. Idle connections are closed after
 * {@link PoolSettings#idleTimeout()}.
 *
 * <p>A connection that cannot be opened fails the key's queued messages only when no other
 * connection of the key is open or being opened (they would otherwise serve them). A message is
 * not started after its lease deadline ({@link JobResult.Stale}).
 *
 * <p>The pool holds only what it is given: the caller bounds memory by bounding submissions.
 * Thread-safe; futures complete outside the pool's lock.
 */
public final class ConnectionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionPool.class);

    private final Connector connector;
    private final PoolSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    private final Object lock = new Object();
    private final Map<PoolKey, Target> targets = new HashMap<>();
    private final ArrayDeque<Target> starving = new ArrayDeque<>();
    private int total;
    private int queued;
    private boolean closed;

    private final class Target {
        final PoolKey key;
        final ArrayDeque<Job> jobs = new ArrayDeque<>();
        final ArrayDeque<Slot> idle = new ArrayDeque<>();
        int connections;
        int opening;

        Target(PoolKey key) {
            this.key = key;
        }
    }

    private static final class Slot {
        final Target target;
        final PooledConnection connection;
        int sent;
        ScheduledFuture<?> idleTimer;

        Slot(Target target, PooledConnection connection) {
            this.target = target;
            this.connection = connection;
        }
    }

    private static final class Job {
        final OutboundMessage message;
        final Instant notAfter;
        final CompletableFuture<JobResult> result = new CompletableFuture<>();
        int attempts;

        Job(OutboundMessage message, Instant notAfter) {
            this.message = message;
            this.notAfter = notAfter;
        }
    }

    public ConnectionPool(Connector connector, PoolSettings settings, ScheduledExecutorService scheduler, Clock clock) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Queues a message for a target.
     *
     * @param notAfter do not start it after this instant (the lease deadline), or null
     */
    public CompletableFuture<JobResult> submit(PoolKey key, OutboundMessage message, Instant notAfter) {
        Job job = new Job(Objects.requireNonNull(message, "message"), notAfter);
        List<Runnable> actions = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(
                        new JobResult.Failed(new RecipientOutcome.Transient(DeliveryReplies.SHUTTING_DOWN), null));
            }
            Target t = targets.computeIfAbsent(Objects.requireNonNull(key, "key"), Target::new);
            t.jobs.add(job);
            queued++;
            dispatch(t, actions);
        }
        run(actions);
        return job.result;
    }

    /** Connections open or being opened. */
    public int connections() {
        synchronized (lock) {
            return total;
        }
    }

    /** Connections open or being opened for one key. */
    public int connections(PoolKey key) {
        synchronized (lock) {
            Target t = targets.get(key);
            return t == null ? 0 : t.connections;
        }
    }

    /** Messages waiting for a connection. */
    public int queued() {
        synchronized (lock) {
            return queued;
        }
    }

    /**
     * Stops taking messages: queued ones fail (transient, "shutting down"), idle connections are
     * closed, busy ones after their current message.
     */
    @Override
    public void close() {
        List<Runnable> actions = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Target t : new ArrayList<>(targets.values())) {
                Job j;
                while ((j = t.jobs.poll()) != null) {
                    queued--;
                    Job job = j;
                    actions.add(() -> job.result.complete(new JobResult.Failed(
                            new RecipientOutcome.Transient(DeliveryReplies.SHUTTING_DOWN), null)));
                }
                for (Slot s : new ArrayList<>(t.idle)) {
                    retire(s, actions);
                }
            }
            starving.clear();
        }
        run(actions);
    }

    // ---- under the lock --------------------------------------------------------------------

    /** Gives queued jobs to idle connections, and opens connections while the key needs more. */
    private void dispatch(Target t, List<Runnable> actions) {
        while (!t.jobs.isEmpty() && !t.idle.isEmpty()) {
            Slot s = t.idle.pollLast();
            cancelIdleTimer(s);
            if (!s.connection.isUsable()) {
                retire(s, actions);
                continue;
            }
            Job j = take(t);
            actions.add(() -> sendOn(s, j));
        }
        while (!closed && t.jobs.size() > t.opening && t.connections < settings.maxPerTarget()) {
            if (total >= settings.maxTotal() && !evictIdleOtherThan(t, actions)) {
                if (!starving.contains(t)) {
                    starving.add(t);
                }
                return;
            }
            total++;
            t.connections++;
            t.opening++;
            actions.add(() -> open(t));
        }
    }

    /** Closes one idle connection of another key to free a slot. */
    private boolean evictIdleOtherThan(Target needy, List<Runnable> actions) {
        for (Target other : targets.values()) {
            if (other != needy && !other.idle.isEmpty()) {
                retire(other.idle.peekFirst(), actions);
                return total < settings.maxTotal();
            }
        }
        return false;
    }

    /** A connection finished a message or just opened: next job, idle, or retire. */
    private void next(Slot s, List<Runnable> actions) {
        Target t = s.target;
        if (closed || !s.connection.isUsable() || s.sent >= settings.maxMessagesPerConnection()) {
            retire(s, actions);
            dispatch(t, actions);
            return;
        }
        Job j = take(t);
        if (j != null) {
            actions.add(() -> sendOn(s, j));
            return;
        }
        if (!starving.isEmpty()) {
            retire(s, actions); // another key waits for a connection slot
            return;
        }
        try {
            s.idleTimer = scheduler.schedule(() -> idleExpired(s), settings.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            t.idle.addLast(s);
        } catch (RejectedExecutionException e) {
            retire(s, actions); // shutting down
        }
    }

    private void retire(Slot s, List<Runnable> actions) {
        Target t = s.target;
        cancelIdleTimer(s);
        t.idle.remove(s);
        t.connections--;
        total--;
        actions.add(s.connection::quit);
        forgetIfUnused(t);
        while (!closed && !starving.isEmpty() && total < settings.maxTotal()) {
            dispatch(starving.poll(), actions);
        }
    }

    private Job take(Target t) {
        Job j = t.jobs.poll();
        if (j != null) {
            queued--;
        }
        return j;
    }

    private void forgetIfUnused(Target t) {
        if (t.jobs.isEmpty() && t.connections == 0) {
            targets.remove(t.key, t);
            starving.remove(t);
        }
    }

    private static void cancelIdleTimer(Slot s) {
        if (s.idleTimer != null) {
            s.idleTimer.cancel(false);
            s.idleTimer = null;
        }
    }

    // ---- outside the lock ------------------------------------------------------------------

    private void open(Target t) {
        CompletableFuture<PooledConnection> f;
        try {
            f = connector.open(t.key).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((connection, error) -> {
            List<Runnable> actions = new ArrayList<>();
            synchronized (lock) {
                t.opening--;
                if (error != null) {
                    t.connections--;
                    total--;
                    RecipientOutcome outcome = outcomeOf(error);
                    LOG.debugf("connection to %s failed: %s", t.key, outcome.reply());
                    if (t.connections == 0) {
                        // no other connection of this key can serve what is queued
                        Job j;
                        while ((j = take(t)) != null) {
                            Job job = j;
                            actions.add(() -> job.result.complete(expired(job) ? new JobResult.Stale()
                                    : new JobResult.Failed(outcome, null)));
                        }
                    }
                    forgetIfUnused(t);
                    while (!closed && !starving.isEmpty() && total < settings.maxTotal()) {
                        dispatch(starving.poll(), actions);
                    }
                } else {
                    next(new Slot(t, connection), actions);
                }
            }
            run(actions);
        });
    }

    private boolean expired(Job j) {
        return j.notAfter != null && !clock.instant().isBefore(j.notAfter);
    }

    private void sendOn(Slot s, Job j) {
        if (expired(j)) {
            afterSend(s, j, new JobResult.Stale());
            return;
        }
        s.sent++;
        j.attempts++;
        try {
            s.connection.send(j.message).toCompletableFuture().whenComplete((result, error) -> {
                if (error == null) {
                    afterSend(s, j, new JobResult.Sent(result, s.connection.remoteHost()));
                } else {
                    retry(s, j, error);
                }
            });
        } catch (RuntimeException e) {
            retry(s, j, e);
        }
    }

    /** The connection goes back to work (or idle) before the job's future completes. */
    private void afterSend(Slot s, Job j, JobResult result) {
        List<Runnable> actions = new ArrayList<>();
        synchronized (lock) {
            next(s, actions);
        }
        j.result.complete(result);
        run(actions);
    }

    /** Nothing of the message was sent and the connection is gone: queue it again, first. */
    private void retry(Slot s, Job j, Throwable error) {
        List<Runnable> actions = new ArrayList<>();
        synchronized (lock) {
            retire(s, actions);
            if (closed || j.attempts >= settings.maxSendAttempts()) {
                RecipientOutcome o = closed ? new RecipientOutcome.Transient(DeliveryReplies.SHUTTING_DOWN)
                        : outcomeOf(error);
                actions.add(() -> j.result.complete(new JobResult.Failed(o, s.connection.remoteHost())));
            } else {
                Target t = targets.computeIfAbsent(s.target.key, k -> s.target);
                t.jobs.addFirst(j);
                queued++;
                dispatch(t, actions);
            }
        }
        run(actions);
    }

    private void idleExpired(Slot s) {
        List<Runnable> actions = new ArrayList<>();
        synchronized (lock) {
            if (s.target.idle.contains(s)) {
                retire(s, actions);
            }
        }
        run(actions);
    }

    private static RecipientOutcome outcomeOf(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof SmtpClientException s) {
            return s.outcome();
        }
        return new RecipientOutcome.Transient(DeliveryReplies.localError(String.valueOf(e)));
    }

    private static void run(List<Runnable> actions) {
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("pool action failed", e);
            }
        }
    }
}
