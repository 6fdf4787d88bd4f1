package io.dequeue.edge.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    private static ConnectionLimiter.Permit admitted(ConnectionLimiter.Admission a) {
        assertThat(a).isInstanceOf(ConnectionLimiter.Admitted.class);
        return ((ConnectionLimiter.Admitted) a).permit();
    }

    @Test
    void capsPerClientAndOverall() {
        ConnectionLimiter l = new ConnectionLimiter(3, 2);
        ConnectionLimiter.Permit a1 = admitted(l.admit("192.0.2.1"));
        admitted(l.admit("192.0.2.1"));
        assertThat(l.admit("192.0.2.1")).isEqualTo(new ConnectionLimiter.Refused(ConnectionLimiter.Limit.PER_CLIENT));
        assertThat(l.active()).isEqualTo(2);
        admitted(l.admit("192.0.2.2"));
        assertThat(l.admit("192.0.2.3")).isEqualTo(new ConnectionLimiter.Refused(ConnectionLimiter.Limit.TOTAL));
        assertThat(l.admit()).isEqualTo(new ConnectionLimiter.Refused(ConnectionLimiter.Limit.TOTAL));
        a1.release();
        a1.release(); // idempotent
        assertThat(l.active()).isEqualTo(2);
        assertThat(l.active("192.0.2.1")).isEqualTo(1);
        admitted(l.admit("192.0.2.3"));
    }

    @Test
    void twoStepsForProxiedConnections() {
        ConnectionLimiter l = new ConnectionLimiter(10, 1);
        ConnectionLimiter.Permit p1 = admitted(l.admit());
        assertThat(p1.client()).isNull();
        admitted(p1.identify("203.0.113.7"));
        ConnectionLimiter.Permit p2 = admitted(l.admit());
        assertThat(p2.identify("203.0.113.7")).isInstanceOf(ConnectionLimiter.Refused.class);
        assertThat(l.active()).isEqualTo(2);
        p2.release();
        assertThat(l.active()).isEqualTo(1);
        assertThatThrownBy(() -> p1.identify("x")).isInstanceOf(IllegalStateException.class);
        p1.release();
        assertThat(l.active()).isZero();
        assertThat(l.trackedClients()).isZero();
    }

    @Test
    void forgetsClientsWithoutConnections() {
        ConnectionLimiter l = new ConnectionLimiter(100_000, 5);
        List<ConnectionLimiter.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            permits.add(admitted(l.admit("10.0." + (i / 256) + "." + (i % 256))));
        }
        assertThat(l.trackedClients()).isEqualTo(10_000);
        permits.forEach(ConnectionLimiter.Permit::release);
        assertThat(l.trackedClients()).isZero();
        assertThat(l.active()).isZero();
    }

    @Test
    void holdsUnderConcurrency() throws Exception {
        ConnectionLimiter l = new ConnectionLimiter(50, 7);
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger maxPerClient = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    String ip = "192.0.2." + ((i + seed) % 4);
                    if (l.admit(ip) instanceof ConnectionLimiter.Admitted a) {
                        maxSeen.accumulateAndGet(l.active(), Math::max);
                        maxPerClient.accumulateAndGet(l.active(ip), Math::max);
                        a.permit().release();
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(50);
        assertThat(maxPerClient.get()).isLessThanOrEqualTo(7);
        assertThat(l.active()).isZero();
        assertThat(l.trackedClients()).isZero();
    }
}
