package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.model.topic.TopicSpec;
import io.dequeue.model.topic.Topics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JVM-wide broker of {@link LocalKafkaExtension}: reachable, with the contract topics, large records. */
@ExtendWith(LocalKafkaExtension.class)
class SharedBrokerTest {

    @Test
    void extensionProvidesTheBrokerAndSetsTheProperty(KafkaCluster kafka) throws Exception {
        assertThat(kafka.bootstrapServers()).isEqualTo(LocalKafkaExtension.bootstrapServers());
        assertThat(System.getProperty(LocalKafkaExtension.BOOTSTRAP_PROPERTY)).isEqualTo(kafka.bootstrapServers());
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).hasSize(1);
            if (kafka.isEmbedded()) {
                assertThat(nodes.iterator().next().host()).isEqualTo("127.0.0.1");
            }
        }
    }

    @Test
    void embeddedBrokerIsResolvableAsParameter(KafkaCluster cluster, EmbeddedKafka kafka) {
        assertThat(kafka).isSameAs(cluster);
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(kafka.startupMillis()).isLessThan(5_000);
    }

    @Test
    void everyContractTopicExistsWithItsPartitionsAndConfigs(KafkaCluster kafka) throws Exception {
        List<String> names = Topics.all().stream().map(TopicSpec::name).toList();
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (TopicSpec spec : Topics.all()) {
                TopicDescription description = topics.get(spec.name());
                assertThat(description.partitions()).as(spec.name()).hasSize(spec.partitions());
                assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
            }
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.GATEWAY_CONFIG))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.QUEUE_USAGE))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MAIL_LIFECYCLE))
                    .get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(topics.get(Topics.MAIL_ACCEPTED).partitions()).hasSize(Topics.DOMAIN_PARTITIONS);
            assertThat(topics.get(Topics.EDGE_REPLIES).partitions()).hasSize(Topics.EDGE_REPLY_PARTITIONS);
        }
    }

    @Test
    void topicCreationIsIdempotent(KafkaCluster kafka) {
        assertThat(TopicInitializer.createAll(kafka.bootstrapServers())).isEmpty();
        assertThat(TopicInitializer.createAll(kafka.bootstrapServers(), (short) 1)).isEmpty();
    }

    @Test
    void autoCreationIsOff(KafkaCluster kafka) throws Exception {
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get().values().iterator().next();
            assertThat(broker.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(Integer.parseInt(broker.get("message.max.bytes").value()))
                    .isGreaterThanOrEqualTo(Topics.MAX_RECORD_BYTES);
            assertThat(admin.listTopics().names().get()).doesNotContain("no.such.topic");
        }
    }

    @Test
    void a25MiBRecordGoesThroughByteIdentical(KafkaCluster kafka) throws Exception {
        byte[] body = new byte[25 * 1024 * 1024];
        new Random(42).nextBytes(body); // incompressible
        long begin = System.nanoTime();
        RecordMetadata written = Clients.send(kafka.bootstrapServers(), Topics.MAIL_ACCEPTED, "example.net", body,
                Topics.MAX_RECORD_BYTES);
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        List<ConsumerRecord<String, byte[]>> read = Clients.read(kafka.bootstrapServers(), partition,
                written.offset(), 1, Duration.ofSeconds(30));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(read).hasSize(1);
        assertThat(read.get(0).key()).isEqualTo("example.net");
        assertThat(read.get(0).value()).hasSize(body.length);
        assertThat(read.get(0).value()).isEqualTo(body);
        System.out.println("25 MiB record produced (acks=all) and consumed back in " + millis + " ms");
    }

    @Test
    void offsetsAndTransactionsWorkOnOneNode(KafkaCluster kafka) throws Exception {
        // a consumer group commit needs __consumer_offsets with replication factor 1
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "shared-broker-test");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.DEQUEUE_REQUESTS, 0);
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
        }
        // a transactional producer needs __transaction_state with replication factor 1 and min.isr 1
        java.util.Properties t = new java.util.Properties();
        t.put("bootstrap.servers", kafka.bootstrapServers());
        t.put("transactional.id", "shared-broker-test");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(t,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MAIL_LIFECYCLE, "example.net",
                    "{\"type\":\"test\"}"));
            producer.commitTransaction();
        }
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            Map<String, TopicDescription> internal = admin.describeTopics(List.of("__consumer_offsets",
                    "__transaction_state")).allTopicNames().get();
            assertThat(internal.values().stream().flatMap(d -> d.partitions().stream())
                    .map(pi -> pi.replicas().size()).collect(Collectors.toSet())).containsExactly(1);
        }
    }
}
