package io.dequeue.queue.bench;

import io.dequeue.localkafka.EmbeddedKafka;
import io.dequeue.localkafka.TopicInitializer;
import io.dequeue.model.DomainName;
import io.dequeue.model.Envelope;
import io.dequeue.model.event.EtrnRequest;
import io.dequeue.model.event.EventTypes;
import io.dequeue.model.event.MailHeaders;
import io.dequeue.model.kafka.KafkaClientProperties;
import io.dequeue.model.serde.CloudEvents;
import io.dequeue.model.serde.ContractRecords;
import io.dequeue.model.serde.ProducerDefaults;
import io.dequeue.model.settings.GatewayRecord;
import io.dequeue.model.topic.Topics;
import io.dequeue.queue.TestLogging;
import io.dequeue.queue.body.KafkaBodies;
import io.dequeue.queue.store.QueueStores;
import io.dequeue.queue.store.StoreVisits;
import io.dequeue.queue.topology.Gateways;
import io.dequeue.queue.topology.QueueOptions;
import io.dequeue.queue.topology.QueueTopology;
import io.dequeue.queue.usage.UsageCounters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * How long an ETRN of one domain takes, from the request record to the last {@code mail.released}
 * record a read_committed consumer sees: with 200,000 other messages held across 2,000 other
 * domains, and with only that domain's mail held (measured after a first, discarded run that warms
 * up the JVM). Real broker (in-process KRaft), RocksDB
 * stores with changelogs, exactly-once, the service's default settings.
 *
 * <pre>java ... io.dequeue.queue.bench.EtrnBench [messages=10000] [otherDomains=2000] [perOtherDomain=100] [bodyBytes=512]</pre>
 */
public final class EtrnBench {
    private static final String TARGET = "target.example";
    private static final String WARM = "warm.example";

    private final int messages;
    private final int otherDomains;
    private final int perOther;
    private final byte[] body;

    private EtrnBench(int messages, int otherDomains, int perOther, int bodyBytes) {
        this.messages = messages;
        this.otherDomains = otherDomains;
        this.perOther = perOther;
        StringBuilder b = new StringBuilder("From: <alice@example.com>\r\nTo: <bob@" + TARGET + ">\r\nSubject: bench\r\n\r\n");
        while (b.length() < bodyBytes) {
            b.append("The quick brown fox jumps over the lazy dog.\r\n");
        }
        this.body = b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        TestLogging.quiet();
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int others = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int perOther = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        EtrnBench bench = new EtrnBench(messages, others, perOther, bodyBytes);
        bench.scenario(false); // the JVM's warm-up: the first run of anything is slower
        Result crowded = bench.scenario(true);
        Result alone = bench.scenario(false);
        System.out.println();
        System.out.printf("ETRN of %,d messages (%d-byte bodies), request -> last mail.released record:%n", messages,
                bench.body.length);
        System.out.printf("  domain alone:                          %s%n", alone);
        System.out.printf("  with %,d others in %,d domains:   %s%n", others * perOther, others, crowded);
        System.out.printf("  ratio (crowded / alone):               %.2fx end to end, %.2fx in the topology%n",
                (double) crowded.endToEndMillis / alone.endToEndMillis,
                (double) crowded.processingMillis / Math.max(1, alone.processingMillis));
        System.exit(0);
    }

    /** One measurement. */
    record Result(long endToEndMillis, long processingMillis, long statesVisited, long bodiesRead, long loadMillis,
                  long held) {
        @Override
        public String toString() {
            return String.format("%,6d ms end to end (%,d ms request -> last record written), %,d state entries and"
                    + " %,d bodies visited; %,d held, loaded in %,d ms", endToEndMillis, processingMillis,
                    statesVisited, bodiesRead, held, loadMillis);
        }
    }

    private Result scenario(boolean crowded) throws Exception {
        Path dir = Files.createTempDirectory("etrn-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            TopicInitializer.createAll(kafka.bootstrapServers());
            StoreVisits visits = new StoreVisits();
            QueueOptions options = QueueOptions.defaults().withMetrics(null, visits)
                    .withBodies(KafkaBodies.factory(KafkaClientProperties.bootstrap(kafka.bootstrapServers()), "bench",
                            256 * 1024, Duration.ofSeconds(30)));
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dequeue-queue-bench");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.producerPrefix("max.request.size"), Topics.MAX_RECORD_BYTES);
            p.put(StreamsConfig.topicPrefix("max.message.bytes"), Integer.toString(Topics.MAX_RECORD_BYTES));
            KafkaStreams streams = new KafkaStreams(QueueTopology.build(options), p);
            streams.start();
            waitFor(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));

            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    ProducerDefaults.reliable(kafka.bootstrapServers(), "bench"))) {
                for (String d : List.of(TARGET, WARM)) {
                    producer.send(ContractRecords.json(Topics.GATEWAY_CONFIG, DomainName.parse(d),
                            new GatewayRecord(Gateways.etrnToRequester(d), null, 1, null, Instant.now()),
                            EventTypes.GATEWAY_CONFIG, "/bench")).get();
                }
                long loadStart = System.nanoTime();
                long total = 0;
                if (crowded) {
                    for (int d = 0; d < otherDomains; d++) {
                        for (int i = 0; i < perOther; i++) {
                            producer.send(accepted("d" + d + ".example", i));
                            total++;
                        }
                    }
                }
                for (int i = 0; i < messages; i++) {
                    producer.send(accepted(TARGET, i));
                    producer.send(accepted(WARM, i));
                    total += 2;
                }
                producer.flush();
                long expected = total;
                waitFor(() -> held(streams) >= expected, Duration.ofMinutes(10));
                long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
                Thread.sleep(3000); // let RocksDB settle (flushes, compactions)

                // Warm-up: the same ETRN on another domain, so both scenarios run compiled code.
                etrn(producer, kafka.bootstrapServers(), WARM);
                Thread.sleep(1000);
                visits.reset();
                long[] t = etrn(producer, kafka.bootstrapServers(), TARGET);
                Result r = new Result(t[0], t[1], visits.messages(), visits.bodies(), loadMillis, expected);
                System.out.printf("%s: %s%n", crowded ? "crowded" : "alone", r);
                return r;
            } finally {
                streams.close(Duration.ofSeconds(30));
                streams.cleanUp();
            }
        }
    }

    /** @return {end-to-end millis, request-to-last-record-written millis} */
    private long[] etrn(KafkaProducer<byte[], byte[]> producer, String bootstrap, String domain) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            consumer.partitionsFor(Topics.MAIL_RELEASED).forEach(pi -> tps.add(new TopicPartition(pi.topic(), pi.partition())));
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);

            EtrnRequest request = new EtrnRequest(UUID.randomUUID().toString(), DomainName.parse(domain), "192.0.2.25",
                    "bench", 0, domain, Instant.now());
            long start = System.currentTimeMillis();
            producer.send(ContractRecords.request(request, "/bench")).get();
            int seen = 0;
            long lastWritten = 0;
            long lastSeen = 0;
            long deadline = start + 600_000;
            while (seen < messages && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (domain.equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                        seen++;
                        lastWritten = Math.max(lastWritten, r.timestamp());
                        lastSeen = System.currentTimeMillis();
                    }
                }
            }
            if (seen < messages) {
                throw new IllegalStateException("only " + seen + " of " + messages + " released");
            }
            return new long[] {lastSeen - start, lastWritten - start};
        }
    }

    private ProducerRecord<byte[], byte[]> accepted(String domain, int i) {
        Envelope e = new Envelope(UUID.randomUUID().toString(), null, "alice@example.com", null, null, null,
                body.length, List.of(new Envelope.Recipient("u" + i + "@" + domain)), "198.51.100.20", "bench", null,
                false, Instant.now());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.MAIL_ACCEPTED,
                domain.getBytes(StandardCharsets.US_ASCII), body);
        CloudEvents.apply(r.headers(), EventTypes.MAIL_ACCEPTED, "/bench", CloudEvents.RFC822);
        MailHeaders.putEnvelope(r.headers(), e);
        return r;
    }

    private static long held(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, UsageCounters> usage = streams.store(StoreQueryParameters.fromNameAndType(
                    QueueStores.USAGE, QueryableStoreTypes.<String, UsageCounters>keyValueStore()));
            long n = 0;
            try (var it = usage.all()) {
                while (it.hasNext()) {
                    n += it.next().value.heldCount();
                }
            }
            return n;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(200);
        }
    }
}
