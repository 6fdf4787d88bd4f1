package io.dequeue.delivery.transport.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dequeue.model.event.ReleaseTarget;
import io.dequeue.smtp.client.MessageResult;
import io.dequeue.smtp.client.OutboundMessage;
import io.dequeue.smtp.client.OutboundRecipient;
import io.dequeue.smtp.client.RecipientOutcome;
import io.dequeue.smtp.client.RecipientResult;
import io.dequeue.smtp.client.SmtpClientException;
import io.dequeue.smtp.client.TlsMode;
import io.dequeue.smtp.reply.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's bounds and reuse, with a fake connector. */
class ConnectionPoolTest {

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static PoolKey key(String host) {
        return new PoolKey(new ReleaseTarget(ReleaseTarget.Kind.IP_ADDRESS, host, 25), TlsMode.OPPORTUNISTIC);
    }

    private static OutboundMessage message(int i) {
        return new OutboundMessage("s@example.com", List.of(new OutboundRecipient("r" + i + "@example.net")),
                ("m" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Connections that take a few milliseconds per message and count what they did. */
    private final class FakeConnector implements Connector {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final Map<PoolKey, AtomicInteger> openPerKey = new ConcurrentHashMap<>();
        final Map<PoolKey, Integer> maxPerKey = new ConcurrentHashMap<>();
        final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
        volatile Reply failWith;
        volatile int firstSendsLost;

        @Override
        public CompletionStage<PooledConnection> open(PoolKey key) {
            CompletableFuture<PooledConnection> f = new CompletableFuture<>();
            scheduler.schedule(() -> {
                if (failWith != null) {
                    f.completeExceptionally(new SmtpClientException(failWith));
                    return;
                }
                opened.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                int n = openPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                maxPerKey.merge(key, n, Math::max);
                FakeConnection c = new FakeConnection(key, firstSendsLost > 0);
                if (firstSendsLost > 0) {
                    firstSendsLost--;
                }
                connections.add(c);
                f.complete(c);
            }, 2, TimeUnit.MILLISECONDS);
            return f;
        }

        final class FakeConnection implements PooledConnection {
            final PoolKey key;
            final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
            volatile boolean usable = true;
            volatile boolean quit;
            final boolean loseFirst;

            FakeConnection(PoolKey key, boolean loseFirst) {
                this.key = key;
                this.loseFirst = loseFirst;
            }

            @Override
            public CompletionStage<MessageResult> send(OutboundMessage m) {
                CompletableFuture<MessageResult> f = new CompletableFuture<>();
                if (loseFirst) {
                    usable = false;
                    f.completeExceptionally(new SmtpClientException(Reply.of(421, "4.4.2", "Connection lost")));
                    return f;
                }
                scheduler.schedule(() -> {
                    sent.add(m);
                    List<RecipientResult> r = new ArrayList<>();
                    for (OutboundRecipient rcpt : m.recipients()) {
                        r.add(new RecipientResult(rcpt, new RecipientOutcome.Delivered(Reply.of(250, "2.0.0", "ok"))));
                    }
                    f.complete(new MessageResult(r, m.content().length));
                }, 3, TimeUnit.MILLISECONDS);
                return f;
            }

            @Override
            public boolean isUsable() {
                return usable && !quit;
            }

            @Override
            public String remoteHost() {
                return key.target().host();
            }

            @Override
            public void quit() {
                if (!quit) {
                    quit = true;
                    open.decrementAndGet();
                    openPerKey.get(key).decrementAndGet();
                }
            }
        }
    }

    private ConnectionPool pool(FakeConnector c, int perTarget, int total, Duration idle) {
        return new ConnectionPool(c, new PoolSettings(perTarget, total, idle, 1000, 3), scheduler, Clock.systemUTC());
    }

    private static List<JobResult> all(List<CompletableFuture<JobResult>> fs) {
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).orTimeout(20, TimeUnit.SECONDS).join();
        return fs.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void atMostNConnectionsPerTargetEachCarryingManyMessages() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 2, 50, Duration.ofSeconds(5));
        List<CompletableFuture<JobResult>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fs.add(pool.submit(key("192.0.2.1"), message(i), null));
        }
        assertThat(all(fs)).allMatch(r -> r instanceof JobResult.Sent s && s.result().allDelivered());
        assertThat(c.opened.get()).isEqualTo(2);
        assertThat(c.maxPerKey.get(key("192.0.2.1"))).isEqualTo(2);
        assertThat(c.connections).allSatisfy(x -> assertThat(x.sent.size()).isGreaterThan(5));
        assertThat(c.connections.stream().mapToInt(x -> x.sent.size()).sum()).isEqualTo(40);
        assertThat(pool.queued()).isZero();
    }

    @Test
    void oneMessageOpensOneConnectionAndItIsReused() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 2, 50, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertThat(all(List.of(pool.submit(key("192.0.2.1"), message(i), null)))).hasSize(1);
        }
        assertThat(c.opened.get()).isEqualTo(1);
        assertThat(c.connections.get(0).sent).hasSize(5);
    }

    @Test
    void totalBoundAcrossTargetsTakesIdleConnectionsFromOthers() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 2, 3, Duration.ofSeconds(30));
        List<CompletableFuture<JobResult>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (String host : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")) {
                fs.add(pool.submit(key(host), message(i), null));
            }
        }
        assertThat(all(fs)).allMatch(r -> r instanceof JobResult.Sent);
        assertThat(c.maxOpen.get()).isLessThanOrEqualTo(3);
        assertThat(c.maxPerKey.values()).allMatch(n -> n <= 2);
        // a later target gets a slot by closing another target's idle connection
        assertThat(all(List.of(pool.submit(key("192.0.2.9"), message(99), null)))).hasSize(1);
        assertThat(pool.connections()).isLessThanOrEqualTo(3);
    }

    @Test
    void idleConnectionsAreClosed() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 2, 50, Duration.ofMillis(100));
        all(List.of(pool.submit(key("192.0.2.1"), message(1), null)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.connections() == 0);
        assertThat(c.connections.get(0).quit).isTrue();
    }

    @Test
    void aFailedConnectFailsTheQueuedMessagesWithItsReply() {
        FakeConnector c = new FakeConnector();
        c.failWith = Reply.of(550, "5.1.2", "Host or domain name not found");
        ConnectionPool pool = pool(c, 2, 50, Duration.ofSeconds(5));
        List<JobResult> rs = all(List.of(pool.submit(key("192.0.2.1"), message(1), null),
                pool.submit(key("192.0.2.1"), message(2), null), pool.submit(key("192.0.2.1"), message(3), null)));
        assertThat(rs).allSatisfy(r -> {
            assertThat(r).isInstanceOf(JobResult.Failed.class);
            assertThat(((JobResult.Failed) r).outcome()).isInstanceOf(RecipientOutcome.Permanent.class);
        });
        c.failWith = Reply.of(421, "4.4.1", "Connection refused");
        JobResult t = all(List.of(pool.submit(key("192.0.2.1"), message(4), null))).get(0);
        assertThat(((JobResult.Failed) t).outcome()).isInstanceOf(RecipientOutcome.Transient.class);
        assertThat(pool.connections()).isZero();
    }

    @Test
    void aMessageLostBeforeItStartedGoesOutOnAnotherConnection() {
        FakeConnector c = new FakeConnector();
        c.firstSendsLost = 1;
        ConnectionPool pool = pool(c, 1, 50, Duration.ofSeconds(5));
        JobResult r = all(List.of(pool.submit(key("192.0.2.1"), message(1), null))).get(0);
        assertThat(r).isInstanceOf(JobResult.Sent.class);
        assertThat(c.opened.get()).isEqualTo(2);
    }

    @Test
    void aMessageIsNotStartedAfterItsLease() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 1, 50, Duration.ofSeconds(5));
        JobResult r = all(List.of(pool.submit(key("192.0.2.1"), message(1), Instant.now().minusSeconds(1)))).get(0);
        assertThat(r).isInstanceOf(JobResult.Stale.class);
        assertThat(c.connections).allSatisfy(x -> assertThat(x.sent).isEmpty());
    }

    @Test
    void closingFailsWhatIsQueuedTransiently() {
        FakeConnector c = new FakeConnector();
        ConnectionPool pool = pool(c, 1, 50, Duration.ofSeconds(5));
        List<CompletableFuture<JobResult>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(pool.submit(key("192.0.2.1"), message(i), null));
        }
        pool.close();
        List<JobResult> rs = all(fs);
        assertThat(rs).anyMatch(r -> r instanceof JobResult.Failed f && f.outcome() instanceof RecipientOutcome.Transient);
        assertThat(pool.submit(key("192.0.2.1"), message(99), null).join()).isInstanceOf(JobResult.Failed.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.connections() == 0);
    }
}
