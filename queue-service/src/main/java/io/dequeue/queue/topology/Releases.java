package io.dequeue.queue.topology;

import io.dequeue.model.RandomIds;
import io.dequeue.model.log.LogFields;
import io.dequeue.model.Envelope;
import io.dequeue.model.body.AcceptedMail;
import io.dequeue.model.event.AdminRequest;
import io.dequeue.model.event.AtrnAnswer;
import io.dequeue.model.event.AtrnRequest;
import io.dequeue.model.event.AtrnSessionEnd;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.settings.GatewaySettings;
import io.dequeue.queue.store.AtrnGrant;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.HeldMail;
import io.dequeue.queue.store.HeldMessage;
import io.dequeue.queue.store.LeaseBatch;
import io.dequeue.queue.store.ReleaseJob;
import io.dequeue.queue.store.StateKey;
import io.dequeue.queue.usage.UsageCounters;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;


/**
 * HELD -> RELEASED: ETRN, ATRN and admin releases, ATRN grants, and the release jobs that carry a
 * release out in bounded batches. A release visits only its own domain's key range.
 */
final class Releases {
    private static final Logger LOG = Logger.getLogger(Releases.class);
    /** A message handed between local domains more often than this is delivered through DNS instead (a loop). */
    static final int MAX_HANDOFF_HOPS = 3;
    private static final int JOBS_PER_TICK = 64;
    /**
     * The first batch of a release is small: it commits together with the request's answer, so
     * the answer (the edge's 253) and the first messages leave quickly; later batches are as large
     * as the settings allow.
     */
    static final int FIRST_BATCH_MESSAGES = 100;
    static final long FIRST_BATCH_BYTES = 1L << 20;
    /** An ATRN grant is renewed once this fraction of its lease (1/n) has passed since the last renewal. */
    static final int RENEW_FRACTION = 10;

    private final QueueCore q;

    Releases(QueueCore q) {
        this.q = q;
    }

    // ---- ETRN

    void etrn(EtrnRequest r, long now) {
        String domain = r.domain().value();
        GatewayRecord g = q.gateways.get(domain);
        UsageCounters c = q.usage.counters(domain);
        String principal = r.authLogin() != null ? r.authLogin() : r.requesterAddress();
        if (g == null || !g.settings().etrn().enabled()) {
            answerEtrn(r, EtrnAnswer.Outcome.REFUSED, 0, 0, now);
            etrnEvent(r, "refused", 0, 0, g == null ? "not a gateway" : "ETRN is off", null, now);
            return;
        }
        ReleaseTargets.Decision d = ReleaseTargets.decide(g.settings(), r.requesterAddress(), null,
                q.gateways::isGateway);
        if (d instanceof ReleaseTargets.Impossible i) {
            answerEtrn(r, EtrnAnswer.Outcome.REFUSED, 0, 0, now);
            etrnEvent(r, "refused", 0, 0, i.why(), null, now);
            return;
        }
        long waiting = c.waiting();
        long inFlight = c.inFlight();
        if (waiting == 0) {
            EtrnAnswer.Outcome o = inFlight > 0 ? EtrnAnswer.Outcome.RELEASED : EtrnAnswer.Outcome.NONE;
            answerEtrn(r, o, 0, inFlight, now);
            etrnEvent(r, inFlight > 0 ? "in-flight" : "none", 0, inFlight, null, d, now);
            return;
        }
        answerEtrn(r, EtrnAnswer.Outcome.RELEASED, waiting, inFlight, now);
        etrnEvent(r, "released", waiting, inFlight, null, d, now);
        q.metrics.release("etrn");
        run(newJob(domain, ReleaseJob.Kind.ETRN, d, r.sessionId(), -1, r.requestId(), principal, null, now), now);
    }

    private void answerEtrn(EtrnRequest r, EtrnAnswer.Outcome o, long released, long inFlight, long now) {
        q.metrics.etrn(o == EtrnAnswer.Outcome.RELEASED && released == 0 ? "in-flight" : o.name().toLowerCase());
        q.out.reply(r.domain().value(), r.replyPartition(), new EtrnAnswer(r.requestId(), r.domain(), o,
                (int) Math.min(Integer.MAX_VALUE, released), (int) Math.min(Integer.MAX_VALUE, inFlight),
                Instant.ofEpochMilli(now)), now);
    }

    private void etrnEvent(EtrnRequest r, String outcome, long released, long inFlight, String why,
                           ReleaseTargets.Decision d, long now) {
        q.lifecycle(LifecycleEvent.Type.ETRN, r.domain().value(), null, now, Details.of(
                "requestId", r.requestId(), "requesterAddress", r.requesterAddress(), "login", r.authLogin(),
                "sessionId", r.sessionId(), "outcome", outcome, "released", released, "alreadyInFlight", inFlight,
                "reason", why, "target", describe(d)));
    }

    // ---- admin release

    void adminRelease(AdminRequest r, long now) {
        String domain = r.domain().value();
        GatewayRecord g = q.gateways.get(domain);
        GatewaySettings s = g != null ? g.settings()
                : r.targetOverride() != null ? GatewaySettings.defaults(r.domain()) : null;
        if (s == null) {
            LOG.warnf("admin release %s: %s is not a gateway and no target was given; nothing released",
                    r.requestId(), domain);
            return;
        }
        ReleaseTargets.Decision d = ReleaseTargets.decide(s, null, r.targetOverride(), q.gateways::isGateway);
        if (d instanceof ReleaseTargets.Impossible i) {
            LOG.warnf("admin release %s for %s: %s; nothing released", r.requestId(), domain, i.why());
            return;
        }
        if (q.usage.counters(domain).waiting() == 0) {
            LOG.infof("admin release %s: nothing held for %s", r.requestId(), domain);
            return;
        }
        q.metrics.release("admin");
        run(newJob(domain, ReleaseJob.Kind.ADMIN, d, null, -1, r.requestId(), r.principal(), null, now), now);
    }

    // ---- ATRN

    void atrn(AtrnRequest r, long now) {
        String domain = r.domain().value();
        GatewayRecord g = q.gateways.get(domain);
        if (g == null || !g.settings().atrn().enabled()) {
            answerAtrn(r, AtrnAnswer.Outcome.REFUSED, null, null, 0, now);
            atrnEvent(r, "refused", 0, null, now);
            return;
        }
        AtrnGrant same = q.mail.grant(StateKey.scoped(domain, r.sessionId()));
        if (same != null) {
            endGrant(same, "atrn-repeated", now);
        }
        List<AtrnGrant> live = new ArrayList<>();
        for (AtrnGrant other : q.mail.grants(domain)) {
            if (other.leaseDeadline().toEpochMilli() > now) {
                live.add(other);
            } else {
                q.metrics.leaseExpired("atrn");
                endGrant(other, "atrn-lease-expired", now);
            }
        }
        if (g.settings().atrn().singleSession() && !live.isEmpty()) {
            answerAtrn(r, AtrnAnswer.Outcome.BUSY, null, null, 0, now);
            atrnEvent(r, "busy", 0, null, now);
            return;
        }
        long waiting = q.usage.counters(domain).waiting();
        if (waiting == 0) {
            answerAtrn(r, AtrnAnswer.Outcome.NO_MAIL, null, null, 0, now);
            atrnEvent(r, "no-mail", 0, null, now);
            return;
        }
        String releaseId = RandomIds.next();
        Instant lease = Instant.ofEpochMilli(now).plus(q.options.atrnLease());
        AtrnGrant grant = new AtrnGrant(domain, r.sessionId(), releaseId, r.requestId(), r.replyPartition(), r.login(),
                lease, Instant.ofEpochMilli(now));
        q.mail.putGrant(grant);
        q.mail.addDeadline(new DeadlineKey(lease.toEpochMilli(), DeadlineKey.Kind.GRANT, grant.key()));
        answerAtrn(r, AtrnAnswer.Outcome.GRANTED, releaseId, lease, waiting, now);
        atrnEvent(r, "granted", waiting, releaseId, now);
        ReleaseJob job = new ReleaseJob(domain, releaseId, ReleaseJob.Kind.ATRN, null, null, r.sessionId(),
                r.replyPartition(), r.requestId(), r.login(), lease, StateKey.first(domain), 0, Instant.ofEpochMilli(now));
        q.metrics.release("atrn");
        run(job, now);
    }

    private void answerAtrn(AtrnRequest r, AtrnAnswer.Outcome o, String releaseId, Instant lease, long messages,
                            long now) {
        q.metrics.atrn(o.name().toLowerCase().replace('_', '-'));
        q.out.reply(r.domain().value(), r.replyPartition(), new AtrnAnswer(r.requestId(), r.domain(), r.sessionId(), o,
                releaseId, lease, (int) Math.min(Integer.MAX_VALUE, messages), Instant.ofEpochMilli(now)), now);
    }

    private void atrnEvent(AtrnRequest r, String outcome, long messages, String releaseId, long now) {
        q.lifecycle(LifecycleEvent.Type.ATRN, r.domain().value(), null, now, Details.of(
                "requestId", r.requestId(), "sessionId", r.sessionId(), "login", r.login(),
                "clientAddress", r.clientAddress(), "outcome", outcome, "messages", messages, "releaseId", releaseId));
    }

    void atrnEnd(AtrnSessionEnd r, long now) {
        AtrnGrant g = q.mail.grant(StateKey.scoped(r.domain().value(), r.sessionId()));
        if (g == null) {
            LOG.debugf("ATRN session %s of %s ended without a live grant", r.sessionId(), r.domain());
            return;
        }
        if (r.releaseId() != null && !r.releaseId().equals(g.releaseId())) {
            LOG.warnf("ATRN session %s of %s ended naming release %s, but its grant is %s; the grant stays",
                    r.sessionId(), r.domain(), r.releaseId(), g.releaseId());
            return;
        }
        endGrant(g, "atrn-session-ended", now);
    }

    /** The grant ends: its release job stops, and its messages without an outcome return to HELD. */
    void endGrant(AtrnGrant g, String reason, long now) {
        q.mail.deleteGrant(g);
        q.mail.deleteDeadline(new DeadlineKey(g.leaseDeadline().toEpochMilli(), DeadlineKey.Kind.GRANT, g.key()));
        q.mail.deleteJob(StateKey.scoped(g.domain(), g.releaseId()));
        String from = null;
        HeldMail.Batch b;
        do {
            b = q.mail.scan(g.domain(), from, m -> m.isReleased() && g.releaseId().equals(m.releaseId()),
                    q.options.tickBatch(), Long.MAX_VALUE);
            for (HeldMessage m : b.messages()) {
                q.toHeld(m, reason, now);
            }
            from = b.resumeAt();
        } while (!b.complete());
    }

    /**
     * An outcome of an ATRN session's message renews its grant, once at least a tenth of the lease
     * has passed since the last renewal: a session that keeps reporting always has nine tenths of
     * its lease ahead, and a pull of thousands of messages rewrites the grant and its deadline a
     * few times, not once per message.
     */
    void renewGrant(HeldMessage m, long now) {
        if (m.grantSession() == null) {
            return;
        }
        AtrnGrant g = q.mail.grant(StateKey.scoped(m.domain(), m.grantSession()));
        if (g == null || !g.releaseId().equals(m.releaseId())) {
            return;
        }
        Instant renewed = Instant.ofEpochMilli(now).plus(q.options.atrnLease());
        if (renewed.isBefore(g.leaseDeadline().plus(q.options.atrnLease().dividedBy(RENEW_FRACTION)))) {
            return;
        }
        q.mail.deleteDeadline(new DeadlineKey(g.leaseDeadline().toEpochMilli(), DeadlineKey.Kind.GRANT, g.key()));
        AtrnGrant r = g.renewedUntil(renewed);
        q.mail.putGrant(r);
        q.mail.addDeadline(new DeadlineKey(renewed.toEpochMilli(), DeadlineKey.Kind.GRANT, r.key()));
    }

    // ---- release jobs

    private ReleaseJob newJob(String domain, ReleaseJob.Kind kind, ReleaseTargets.Decision d, String sessionId,
                              int replyPartition, String requestId, String principal, Instant lease, long now) {
        ReleaseTarget target;
        String handoff = null;
        if (d instanceof ReleaseTargets.Handoff h) {
            target = h.viaDns();
            handoff = h.domain().value();
        } else {
            target = ((ReleaseTargets.Deliver) d).target();
        }
        return new ReleaseJob(domain, RandomIds.next(), kind, target, handoff, sessionId, replyPartition,
                requestId, principal, lease, StateKey.first(domain), 0, Instant.ofEpochMilli(now));
    }

    /** One batch of a release; the job is kept when there is more to do. */
    void run(ReleaseJob job, long now) {
        boolean first = job.released() == 0;
        int messages = q.options.releaseBatchMessages();
        long bytes = q.options.releaseBatchBytes();
        HeldMail.Batch b = q.mail.scan(job.domain(), job.resumeAt(), m -> !q.leaseLive(m, now),
                first ? Math.min(messages, FIRST_BATCH_MESSAGES) : messages,
                first ? Math.min(bytes, FIRST_BATCH_BYTES) : bytes);
        boolean atrn = job.kind() == ReleaseJob.Kind.ATRN;
        Instant lease = atrn ? job.leaseDeadline() : Instant.ofEpochMilli(now).plus(q.options.lease());
        LeaseBatch leased = null;
        int n = 0;
        for (HeldMessage m : b.messages()) {
            HeldMessage r = releaseOne(job, m, lease, now);
            if (r != null) {
                n++;
                if (r.isReleased() && !atrn) {
                    leased = leased == null ? new LeaseBatch(r.domain(), job.releaseId(), r.sequence(), r.sequence())
                            : leased.with(r.sequence());
                }
            }
        }
        if (leased != null) {
            // One lease deadline for the batch (an ATRN session's lease is its grant's).
            q.mail.addLease(leased, lease);
        }
        q.metrics.released(n);
        if (b.complete()) {
            q.mail.deleteJob(job.key());
        } else {
            q.mail.putJob(job.continueAt(b.resumeAt(), n));
        }
    }

    /** Continues the releases in progress, one batch each (wall-clock punctuator). */
    void continueJobs(long now) {
        for (ReleaseJob job : q.mail.jobs(JOBS_PER_TICK)) {
            if (job.kind() == ReleaseJob.Kind.ATRN) {
                AtrnGrant g = q.mail.grant(StateKey.scoped(job.domain(), job.sessionId()));
                if (g == null || !g.releaseId().equals(job.releaseId())) {
                    q.mail.deleteJob(job.key());
                    continue;
                }
            }
            run(job, now);
        }
    }

    /**
     * @return the message's released state; a state that is not released when it was handed over to
     *     another local domain (it left this one); null when it had no body (it was removed)
     */
    private HeldMessage releaseOne(ReleaseJob job, HeldMessage m, Instant lease, long now) {
        boolean atrn = job.kind() == ReleaseJob.Kind.ATRN;
        boolean handoff = job.handoffDomain() != null && m.handoffHops() < MAX_HANDOFF_HOPS;
        // An ETRN/API release names the body (delivery-service reads it from mail.accepted); an ATRN
        // message and a hand-off carry it, so only they read it here.
        AcceptedMail body = null;
        if (atrn || handoff) {
            body = q.mail.body(m);
            if (body == null) {
                LogFields.message(m.messageId(), m.domain()).log(() ->
                        LOG.errorf("message %s of %s has a state but no body; removing it", m.messageId(), m.domain()));
                q.remove(m);
                return null;
            }
        }
        boolean wasReleased = m.isReleased();
        String domain = m.domain();
        if (handoff) {
            Envelope envelope = body.envelope().withRecipients(m.pending());
            Headers h = q.out.headers(EventTypes.MAIL_ACCEPTED, CloudEvents.RFC822, now);
            MailHeaders.putEnvelope(h, envelope);
            CloudEvents.put(h, MailHeaders.HANDOFF, Integer.toString(m.handoffHops() + 1));
            if (m.dsn()) {
                CloudEvents.put(h, MailHeaders.IS_DSN, "true");
            }
            q.out.accepted(job.handoffDomain(), body.raw(), h, now);
            q.remove(m);
            q.lifecycle(LifecycleEvent.Type.RELEASED, domain, m.messageId(), now, Details.of(
                    "releaseId", job.releaseId(), "handedOverTo", job.handoffDomain(), "requestId", job.requestId(),
                    "principal", job.principal(), "attempt", m.attempts() + 1));
            return m.backToHeld(); // gone from here: no lease to keep
        }
        HeldMessage released = m.released(job.releaseId(), atrn ? null : job.target(), lease,
                atrn ? job.sessionId() : null);
        if (!wasReleased) {
            q.usage.change(domain, 0, 0, 1);
        }
        q.mail.put(released);

        Headers h = q.out.headers(atrn ? EventTypes.REPLY_ATRN_MESSAGE : EventTypes.MAIL_RELEASED, CloudEvents.RFC822,
                now);
        MailHeaders.putEnvelope(h, atrn ? body.envelope().withRecipients(m.pending()) : m.releaseEnvelope());
        MailHeaders.putRelease(h, job.releaseId(), lease, atrn ? null : job.target(), released.attempts());
        if (atrn) {
            CloudEvents.put(h, MailHeaders.SESSION_ID, job.sessionId());
        }
        if (m.dsn()) {
            CloudEvents.put(h, MailHeaders.IS_DSN, "true");
        }
        if (atrn) {
            q.out.atrnMessage(domain, job.replyPartition(), body.raw(), h, now);
        } else {
            MailHeaders.putAcceptedRef(h, q.mail.bodyRef(m));
            q.out.released(domain, Emitter.NO_BODY, h, now);
        }
        ReleaseTarget t = atrn ? null : job.target();
        q.lifecycle(LifecycleEvent.Type.RELEASED, domain, m.messageId(), now, Details.of(
                "releaseId", job.releaseId(), "attempt", released.attempts(), "via", job.kind().name().toLowerCase(),
                "targetKind", t == null ? null : kindName(t.kind()), "targetHost", t == null ? null : t.host(),
                "targetPort", t == null ? null : t.port(), "sessionId", job.sessionId(),
                "requestId", job.requestId(), "principal", job.principal()));
        return released;
    }

    private static String describe(ReleaseTargets.Decision d) {
        if (d instanceof ReleaseTargets.Deliver del) {
            return kindName(del.target().kind()) + ":" + del.target().host() + ":" + del.target().port();
        }
        if (d instanceof ReleaseTargets.Handoff h) {
            return "local:" + h.domain();
        }
        return null;
    }

    static String kindName(ReleaseTarget.Kind k) {
        switch (k) {
            case REQUESTER_IP:
                return "requester-ip";
            case IP_ADDRESS:
                return "ip";
            case EXACT_HOST:
                return "host";
            default:
                return "mx";
        }
    }
}
