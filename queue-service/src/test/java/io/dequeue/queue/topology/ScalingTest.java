package io.dequeue.queue.topology;

import io.dequeue.model.Envelope;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.queue.store.DeadlineKey;
import io.dequeue.queue.store.StoreVisits;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost of a release depends on its domain only: with 200,000 messages held across 2,000 other
 * domains, an ETRN for one domain visits exactly that domain's entries, as it does with nothing
 * else held; and a tick with nothing due visits nothing at all.
 *
 * <p>The driver runs with in-memory stores, no changelogs and at-least-once here: with RocksDB it
 * flushes every store after every record (about 20 ms a record), which would make 200,000 records
 * take over an hour. The stores are sorted key-value stores either way, so what is visited is the
 * same; bench/queue-etrn.sh measures the real thing (RocksDB, changelogs, exactly-once, a broker).
 */
class ScalingTest {
    private static final String TARGET = "target.example";
    private static final int OTHER_DOMAINS = 2_000;
    private static final int PER_DOMAIN = 100;
    private static final byte[] RAW = ("From: <a@example.com>\r\nTo: <b@x.example>\r\nSubject: s\r\n\r\nhello\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void anEtrnVisitsItsDomainOnlyAndAnIdleTickVisitsNothing() {
        Measure baseline;
        try (QueueDriver q = driver()) {
            q.gateway(Gateways.etrnToRequester(TARGET));
            warmUp(q);
            hold(q, TARGET, PER_DOMAIN);
            for (int i = 0; i < 3; i++) {
                q.advance(Duration.ofSeconds(1)); // as below: the throttled usage record, then idle ticks
            }
            baseline = etrn(q);
        }
        Measure loaded;
        try (QueueDriver q = driver()) {
            q.gateway(Gateways.etrnToRequester(TARGET));
            warmUp(q);
            long start = System.nanoTime();
            for (int d = 0; d < OTHER_DOMAINS; d++) {
                hold(q, "d" + d + ".example", PER_DOMAIN);
                if (d == OTHER_DOMAINS / 2) {
                    hold(q, TARGET, PER_DOMAIN); // in the middle of the key space
                }
                if (d % 100 == 0) {
                    q.drainAll(); // the driver keeps every output record in memory
                }
            }
            long loadMillis = (System.nanoTime() - start) / 1_000_000;
            q.drainAll();
            assertThat(q.count(io.dequeue.queue.store.QueueStores.MESSAGES))
                    .isEqualTo((long) (OTHER_DOMAINS + 1) * PER_DOMAIN + 5 * PER_DOMAIN); // + warm-up

            // Every domain published its usage at once, and scheduled one more throttled record.
            q.visits.reset();
            q.advance(Duration.ofSeconds(1));
            assertThat(q.visits.deadlines()).isEqualTo(OTHER_DOMAINS + 1);
            q.drainAll();
            q.visits.reset();
            q.advance(Duration.ofSeconds(1));
            q.advance(Duration.ofSeconds(1));
            assertThat(q.visits.total()).as("idle ticks").isZero();
            assertThat(q.deadlines()).extracting(DeadlineKey::kind).containsOnly(DeadlineKey.Kind.EXPIRY);

            loaded = etrn(q);
            System.out.printf("scaling: %d messages held in %d ms; ETRN of %d: %s alone, %s among %d others (x%.2f)%n",
                    (OTHER_DOMAINS + 1) * PER_DOMAIN, loadMillis, PER_DOMAIN, baseline, loaded,
                    OTHER_DOMAINS * PER_DOMAIN, (double) loaded.nanos / baseline.nanos);
        }
        // One more state entry than the domain holds: the oldest message, read for the usage record.
        assertThat(loaded.messages).isEqualTo(baseline.messages).isLessThanOrEqualTo(PER_DOMAIN + 1);
        // An ETRN release names its bodies (delivery-service reads them): it reads none itself.
        assertThat(loaded.bodies).isEqualTo(baseline.bodies).isZero();
        assertThat(loaded.deadlines).isEqualTo(baseline.deadlines).isZero();
    }

    /** The same work once on another domain first, so that both timings see compiled code. */
    private static void warmUp(QueueDriver q) {
        q.gateway(Gateways.etrnToRequester("warm.example"));
        for (int i = 0; i < 5; i++) {
            hold(q, "warm.example", PER_DOMAIN);
            q.etrn("warm.example", "192.0.2.25", 0);
            q.advance(Duration.ofMillis(100)); // the release's later batches
            q.advance(Duration.ofMinutes(11)); // leases end: held again
        }
        q.advance(Duration.ofSeconds(2)); // and its last throttled usage record goes out
        q.drainAll();
    }

    private static QueueDriver driver() {
        return new QueueDriver(QueueDriver.testOptions().withInMemoryStores(true).withChangelog(false),
                StreamsConfig.AT_LEAST_ONCE);
    }

    record Measure(long messages, long bodies, long deadlines, long nanos) {
        @Override
        public String toString() {
            return String.format("%d state entries, %d bodies, %.1f ms", messages, bodies, nanos / 1e6);
        }
    }

    private static Measure etrn(QueueDriver q) {
        q.drainAll();
        StoreVisits v = q.visits;
        v.reset();
        long t = System.nanoTime();
        q.etrn(TARGET, "192.0.2.25", 0);
        long nanos = System.nanoTime() - t;
        assertThat(q.drainReleased()).hasSize(PER_DOMAIN)
                .allSatisfy(r -> assertThat(CloudEvents.type(r.headers())).isEqualTo(EventTypes.MAIL_RELEASED));
        assertThat(((EtrnAnswer) q.answers().get(0)).released()).isEqualTo(PER_DOMAIN);
        return new Measure(v.messages(), v.bodies(), v.deadlines(), nanos);
    }

    private static void hold(QueueDriver q, String domain, int n) {
        for (int i = 0; i < n; i++) {
            Envelope e = new Envelope(UUID.randomUUID().toString(), null, "a@example.com", null, null, null,
                    RAW.length, List.of(new Envelope.Recipient("u" + i + "@" + domain)), null, null, null, false,
                    QueueDriver.T0);
            Headers h = new RecordHeaders();
            CloudEvents.apply(h, EventTypes.MAIL_ACCEPTED, "/test", CloudEvents.RFC822);
            MailHeaders.putEnvelope(h, e);
            q.acceptRaw(domain, e, RAW);
        }
    }
}
