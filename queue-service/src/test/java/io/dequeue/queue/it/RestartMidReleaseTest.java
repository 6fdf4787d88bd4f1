package io.dequeue.queue.it;

import io.dequeue.localkafka.LocalKafkaExtension;
import io.dequeue.model.DomainName;
import io.dequeue.model.event.EdgeReply;
import io.dequeue.model.event.EtrnAnswer;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.TestLogging;
import io.dequeue.queue.body.KafkaBodies;
import io.dequeue.queue.topology.CountingMetrics;
import io.dequeue.queue.topology.Gateways;
import io.dequeue.queue.topology.QueueDriver;
import io.dequeue.queue.topology.QueueOptions;
import io.dequeue.queue.topology.QueueTopology;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * queue-service dies in the middle of a release (a failure inside the topology aborts its open
 * transaction) and a new instance, with empty local state, takes over: every message is released
 * exactly once in what consumers can read, the ETRN is answered once, and a second ETRN releases
 * nothing while the leases live. (Kafka Streams logs the simulated crash at ERROR: expected.)
 */
@ExtendWith(LocalKafkaExtension.class)
class RestartMidReleaseTest {
    private static final int MESSAGES = 400;
    private static final int BATCH = 40;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String appId = "dequeue-queue-restart-" + run;
    private final String source = CloudEvents.source(QueueOptions.SERVICE, "restart-" + run);

    /** Fails the task when the third batch of the release has been written (before it commits). */
    static final class CrashingMetrics extends CountingMetrics {
        private final AtomicLong released = new AtomicLong();

        @Override
        public void released(int count) {
            if (released.addAndGet(count) > 2L * BATCH && count > 0) {
                throw new IllegalStateException("simulated crash in the middle of a release");
            }
        }
    }

    private KafkaStreams start(CountingMetrics metrics) throws Exception {
        TestLogging.quiet();
        QueueOptions options = QueueDriver.testOptions()
                .withIdentity("gw.dequeue.test", source)
                .withBatches(BATCH, Long.MAX_VALUE, 10_000)
                .withIntervals(Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(1))
                .withMetrics(metrics, null)
                .withBodies(KafkaBodies.factory(KafkaClientProperties.bootstrap(LocalKafkaExtension.bootstrapServers()),
                        appId, 256 * 1024, Duration.ofSeconds(30)));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaExtension.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory(Files.createDirectories(Path.of("target")), "restart-state-").toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // Streams does not leave its group on close: keep the wait for the dead member short.
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1000);
        KafkaStreams s = new KafkaStreams(QueueTopology.build(options), p);
        s.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        s.start();
        await().atMost(WAIT).until(() -> s.state() == KafkaStreams.State.RUNNING);
        return s;
    }

    private boolean ours(ConsumerRecord<byte[], byte[]> r, String domain) {
        return source.equals(CloudEvents.get(r.headers(), CloudEvents.SOURCE)) && domain.equals(Kafka.key(r));
    }

    @Test
    void aCrashInTheMiddleOfAReleaseLosesNothingAndReleasesNothingTwice() throws Exception {
        String domain = "restart-" + run + ".example";
        try (Kafka kafka = new Kafka(LocalKafkaExtension.bootstrapServers())) {
            kafka.gateway(Gateways.etrnToRequester(domain));
            for (int i = 0; i < MESSAGES; i++) {
                kafka.acceptAsync(domain, "alice@example.com", "u" + i);
            }
            kafka.flush();
            KafkaStreams first = start(new CrashingMetrics());
            String requestId = UUID.randomUUID().toString();
            try {
                // All held (one lifecycle "held" event each) before the ETRN.
                kafka.read(Topics.MAIL_LIFECYCLE, null, r -> ours(r, domain), l -> l.size() >= MESSAGES, WAIT);
                kafka.request(new EtrnRequest(requestId, DomainName.parse(domain), "192.0.2.25", "s-" + run, 2,
                        domain, Instant.now()));
                await().atMost(WAIT).until(() -> first.state() == KafkaStreams.State.ERROR
                        || first.state() == KafkaStreams.State.NOT_RUNNING);
            } finally {
                first.close(Duration.ofSeconds(10));
            }
            List<ConsumerRecord<byte[], byte[]>> beforeRestart = kafka.read(Topics.MAIL_RELEASED, null,
                    r -> ours(r, domain), l -> false, Duration.ofSeconds(1));
            assertThat(beforeRestart.size()).as("committed before the crash").isLessThan(MESSAGES);

            KafkaStreams second = start(new CountingMetrics());
            try {
                List<ConsumerRecord<byte[], byte[]>> released = kafka.read(Topics.MAIL_RELEASED, null,
                        r -> ours(r, domain), l -> l.size() >= MESSAGES, WAIT);
                Set<String> ids = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : released) {
                    assertThat(ids.add(MailHeaders.envelope(r.headers()).messageId()))
                            .as("released once: " + MailHeaders.envelope(r.headers()).messageId()).isTrue();
                }
                assertThat(ids).hasSize(MESSAGES);
                assertThat(released).extracting(r -> MailHeaders.releaseId(r.headers())).containsOnly(
                        MailHeaders.releaseId(released.get(0).headers()));

                List<ConsumerRecord<byte[], byte[]>> answers = kafka.read(Topics.EDGE_REPLIES, 2,
                        r -> ours(r, domain), l -> false, Duration.ofSeconds(1));
                assertThat(answers).singleElement().satisfies(r -> {
                    EtrnAnswer a = (EtrnAnswer) Kafka.json(r, EdgeReply.class);
                    assertThat(a.requestId()).isEqualTo(requestId);
                    assertThat(a.released()).isEqualTo(MESSAGES);
                });

                // While the leases live, a second ETRN releases nothing.
                String again = UUID.randomUUID().toString();
                kafka.request(new EtrnRequest(again, DomainName.parse(domain), "192.0.2.25", "s2-" + run, 2, domain,
                        Instant.now()));
                List<ConsumerRecord<byte[], byte[]>> second2 = kafka.read(Topics.EDGE_REPLIES, 2,
                        r -> ours(r, domain) && again.equals(Kafka.json(r, EdgeReply.class).requestId()),
                        l -> !l.isEmpty(), WAIT);
                EtrnAnswer a2 = (EtrnAnswer) Kafka.json(second2.get(0), EdgeReply.class);
                assertThat(a2.released()).isZero();
                assertThat(a2.alreadyInFlight()).isEqualTo(MESSAGES);
                assertThat(kafka.read(Topics.MAIL_RELEASED, null, r -> ours(r, domain), l -> false,
                        Duration.ofSeconds(2))).hasSize(MESSAGES);
            } finally {
                second.close(Duration.ofSeconds(10));
            }
        }
    }
}
