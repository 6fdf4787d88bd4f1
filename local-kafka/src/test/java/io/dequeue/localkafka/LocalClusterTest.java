package io.dequeue.localkafka;

import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes, each its own JVM: the contract topics and the internal ones have three copies and
 * need two for a write; killing the leader of a partition (SIGKILL) loses no acknowledged record,
 * another node leads, and the dead node comes back into the in-sync set.
 */
class LocalClusterTest {
    private static final TopicPartition PARTITION = new TopicPartition(Topics.MAIL_ACCEPTED, 0);

    @Test
    void killingALeaderLosesNoAcknowledgedRecordAndTheNodeComesBack() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().nodes(3).restartDelay(Duration.ofSeconds(2)).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
             KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            TopicPartitionInfo before = partition(admin);
            assertThat(before.replicas()).hasSize(3);
            assertThat(before.isr()).hasSize(3);
            Config topic = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topics.MAIL_ACCEPTED))).all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(topic.get("min.insync.replicas").value()).isEqualTo("2");
            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(broker.get("transaction.state.log.replication.factor").value()).isEqualTo("3");
            assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            assertThat(broker.get("default.replication.factor").value()).isEqualTo("3");
            assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("3");

            send(producer, 0, 100);
            int leader = before.leader().id();
            Process killed = cluster.process(leader).orElseThrow();
            killed.destroyForcibly();
            assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
            send(producer, 100, 200);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(partition(admin).leader().id()).as("a new leader").isNotEqualTo(leader));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(cluster.starts(leader)).as("the killed node was started again").isEqualTo(2);
                assertThat(partition(admin).isr()).as("back in sync").hasSize(3);
            });
            assertThat(readAll(cluster.bootstrapServers())).hasSize(200).containsAll(numbers(0, 200));
        }
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        return admin.describeTopics(List.of(PARTITION.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(PARTITION.topic()).partitions().get(PARTITION.partition());
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends {@code from..to-1} to the partition and waits for every acknowledgement. */
    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(producer.send(new ProducerRecord<>(PARTITION.topic(), PARTITION.partition(), "k", Integer.toString(i))));
        }
        for (Future<?> ack : acks) {
            ack.get(120, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Set<String> numbers(int from, int to) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < to; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
