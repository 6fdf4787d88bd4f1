package io.dequeue.delivery.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.delivery.transport.pool.ConnectionPool;
import io.dequeue.delivery.transport.pool.PoolSettings;
import io.dequeue.delivery.transport.pool.PooledConnection;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.DeliveryOutcome;
import io.dequeue.model.event.LifecycleEvent;
import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.model.settings.OutboundTls;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.OutboundRecipient;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.RecipientResult;
import io.dequeue.smtp.client.TlsMode;
import io.dequeue.smtp.command.BodyType;
import io.dequeue.smtp.dsn.Notify;
import io.dequeue.smtp.dsn.Ret;
import io.dequeue.smtp.reply.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outcome, lifecycle events and metrics of one release, with a scripted connection. */
class ReleaseProcessorTest {

    private static final DomainName DOMAIN = DomainName.parse("example.net");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMetrics metrics = new DeliveryMetrics(registry);
    private final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    private final List<TlsMode> tlsModes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private final EventPublisher publisher = new EventPublisher() {
        @Override
        public CompletionStage<Void> outcome(DeliveryOutcome outcome) {
            outcomes.add(outcome);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> lifecycle(LifecycleEvent event) {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }
    };

    /** A processor whose connections answer each recipient with {@code answer(address)}. */
    private ReleaseProcessor processor(Function<String, RecipientOutcome> answer, OutboundTls tls) {
        ConnectionPool pool = new ConnectionPool(key -> {
            tlsModes.add(key.tls());
            return CompletableFuture.completedFuture(new PooledConnection() {
                @Override
                public CompletionStage<MessageResult> send(OutboundMessage m) {
                    sent.add(m);
                    List<RecipientResult> r = new ArrayList<>();
                    for (OutboundRecipient rcpt : m.recipients()) {
                        r.add(new RecipientResult(rcpt, answer.apply(rcpt.address())));
                    }
                    return CompletableFuture.completedFuture(new MessageResult(r, m.content().length + 3));
                }

                @Override
                public boolean isUsable() {
                    return true;
                }

                @Override
                public String remoteHost() {
                    return "mx.example.net";
                }

                @Override
                public void quit() {
                }
            });
        }, new PoolSettings(2, 10, Duration.ofSeconds(1), 100, 3), scheduler, Clock.systemUTC());
        return new ReleaseProcessor(pool, d -> tls, publisher, metrics, Clock.systemUTC());
    }

    private static ReleasedMail release(Instant deadline, boolean dsn, String... recipients) {
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(new Envelope.Recipient(r, List.of(Envelope.Notify.FAILURE, Envelope.Notify.DELAY),
                    "rfc822;" + r));
        }
        Envelope env = new Envelope("msg-1", "Q1", dsn ? "" : "alice@example.com", Envelope.Ret.HDRS, "ENV1",
                Envelope.Body.EIGHT_BIT_MIME, 10, rcpts, "198.51.100.20", "client.example", null, false, Instant.now());
        return new ReleasedMail(DOMAIN, "rel-1", deadline, new ReleaseTarget(ReleaseTarget.Kind.MX, "example.net", 25), 2,
                env, dsn, "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static RecipientOutcome byName(String address) {
        if (address.startsWith("later")) {
            return new RecipientOutcome.Transient(Reply.of(452, "4.2.2", "Mailbox full"));
        }
        if (address.startsWith("bad")) {
            return new RecipientOutcome.Permanent(Reply.of(550, "5.1.1", "User unknown"));
        }
        return new RecipientOutcome.Delivered(Reply.of(250, "2.0.0", "Ok: queued as X"));
    }

    private static void await(CompletionStage<Void> s) {
        s.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void oneOutcomeWithPerRecipientResultsAndOneEventPerRecipient() {
        ReleaseProcessor p = processor(ReleaseProcessorTest::byName, OutboundTls.REQUIRED);
        await(p.process(release(Instant.now().plusSeconds(60), false, "ok@example.net", "later@example.net",
                "bad@example.net")));
        assertThat(outcomes).hasSize(1);
        DeliveryOutcome o = outcomes.get(0);
        assertThat(o.releaseId()).isEqualTo("rel-1");
        assertThat(o.messageId()).isEqualTo("msg-1");
        assertThat(o.deliveredBy()).isEqualTo("delivery-service");
        assertThat(o.remoteHost()).isEqualTo("mx.example.net");
        assertThat(o.results()).extracting(DeliveryOutcome.RecipientResult::status).containsExactly(
                DeliveryOutcome.Status.DELIVERED, DeliveryOutcome.Status.TRANSIENT, DeliveryOutcome.Status.PERMANENT);
        assertThat(o.results().get(2).reply()).isEqualTo(new DeliveryOutcome.SmtpReplyInfo(550, "5.1.1", "User unknown"));
        assertThat(events).extracting(LifecycleEvent::type).containsExactly(LifecycleEvent.Type.DELIVERED,
                LifecycleEvent.Type.DEFERRED, LifecycleEvent.Type.FAILED);
        assertThat(events.get(0).details()).containsEntry("recipient", "ok@example.net")
                .containsEntry("reply", "250 2.0.0 Ok: queued as X").containsEntry("releaseId", "rel-1")
                .containsEntry("attempt", 2).doesNotContainKey("dsn");
        assertThat(tlsModes).containsExactly(TlsMode.REQUIRED);
        assertThat(registry.counter("dequeue.delivery.messages", "result", "mixed").count()).isEqualTo(1);
        assertThat(registry.counter("dequeue.delivery.replies", "class", "5xx").count()).isEqualTo(1);
        assertThat(registry.counter("dequeue.delivery.bytes").count()).isEqualTo(20 + 3);
    }

    @Test
    void theGatewaysOutboundTlsPicksTheSessionsTlsMode() {
        for (OutboundTls tls : OutboundTls.values()) {
            tlsModes.clear();
            await(processor(ReleaseProcessorTest::byName, tls).process(release(null, false, "ok@example.net")));
            assertThat(tlsModes).as(tls.name()).containsExactly(switch (tls) {
                case NONE -> TlsMode.OFF;
                case OPPORTUNISTIC -> TlsMode.OPPORTUNISTIC;
                case ENCRYPTED -> TlsMode.ENCRYPTED;
                case REQUIRED -> TlsMode.REQUIRED;
            });
        }
    }

    @Test
    void theEnvelopeBecomesSmtpParameters() {
        ReleaseProcessor p = processor(ReleaseProcessorTest::byName, OutboundTls.OPPORTUNISTIC);
        await(p.process(release(null, false, "ok@example.net")));
        OutboundMessage m = sent.get(0);
        assertThat(m.reversePath()).isEqualTo("alice@example.com");
        assertThat(m.body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThat(m.ret()).isEqualTo(Ret.HDRS);
        assertThat(m.envid()).isEqualTo("ENV1");
        assertThat(m.recipients().get(0).notifyOn()).containsExactlyInAnyOrder(Notify.FAILURE, Notify.DELAY);
        assertThat(m.recipients().get(0).orcpt().format()).isEqualTo("rfc822;ok@example.net");
    }

    @Test
    void anExpiredLeaseIsSkippedWithoutOutcome() {
        ReleaseProcessor p = processor(ReleaseProcessorTest::byName, OutboundTls.OPPORTUNISTIC);
        await(p.process(release(Instant.now().minusSeconds(1), false, "ok@example.net")));
        assertThat(outcomes).isEmpty();
        assertThat(sent).isEmpty();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(LifecycleEvent.Type.DEFERRED);
        assertThat(events.get(0).details()).containsEntry("reason", "lease-expired");
        assertThat(registry.counter("dequeue.delivery.releases.stale").count()).isEqualTo(1);
    }

    @Test
    void aDsnThatFailsPermanentlyIsDroppedAndCounted() {
        ReleaseProcessor p = processor(ReleaseProcessorTest::byName, OutboundTls.OPPORTUNISTIC);
        await(p.process(release(Instant.now().plusSeconds(60), true, "bad@example.net")));
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).results().get(0).status()).isEqualTo(DeliveryOutcome.Status.PERMANENT);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(LifecycleEvent.Type.FAILED);
        assertThat(events.get(0).details()).containsAllEntriesOf(Map.of("dsn", true, "recipient", "bad@example.net"));
        assertThat(registry.counter("dequeue.delivery.dsn.dropped").count()).isEqualTo(1);
        assertThat(sent.get(0).reversePath()).isEmpty();
    }

    @Test
    void aReleaseWithoutTargetIsDeferred() {
        ReleaseProcessor p = processor(ReleaseProcessorTest::byName, OutboundTls.OPPORTUNISTIC);
        ReleasedMail r = release(null, false, "ok@example.net");
        ReleasedMail noTarget = new ReleasedMail(r.domain(), r.releaseId(), null, null, 1, r.envelope(), false,
                r.content());
        await(p.process(noTarget));
        assertThat(outcomes.get(0).results().get(0).status()).isEqualTo(DeliveryOutcome.Status.TRANSIENT);
        assertThat(sent).isEmpty();
        assertThat(registry.counter("dequeue.delivery.replies", "class", "local").count()).isEqualTo(1);
        assertThat(registry.counter("dequeue.delivery.replies", "class", "4xx").count()).isZero();
    }
}
