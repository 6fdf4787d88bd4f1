package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dequeue.model.topic.Topics;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brokers of their own: temporary and persistent log directories, start and stop times. */
class EmbeddedKafkaLifecycleTest {

    @Test
    void temporaryBrokerStartsQuicklyAndLeavesNothingBehind() throws Exception {
        Path logDir;
        long closeMillis;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            logDir = kafka.logDir();
            System.out.println("temporary broker ready in " + kafka.startupMillis() + " ms on "
                    + kafka.bootstrapServers() + " (controller port " + kafka.controllerPort() + ")");
            assertThat(kafka.startupMillis()).isLessThan(5_000);
            assertThat(kafka.isTemporary()).isTrue();
            assertThat(kafka.formattedOnStart()).isTrue();
            assertThat(kafka.port()).isPositive().isNotEqualTo(kafka.controllerPort());
            assertThat(Files.exists(logDir.resolve("meta.properties"))).isTrue();
            try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(kafka.clusterId());
            }
            long begin = System.nanoTime();
            kafka.close();
            closeMillis = (System.nanoTime() - begin) / 1_000_000;
            assertThat(kafka.isRunning()).isFalse();
            kafka.close(); // idempotent
        }
        System.out.println("temporary broker stopped in " + closeMillis + " ms");
        assertThat(closeMillis).isLessThan(1_000);
        assertThat(logDir).doesNotExist();
    }

    @Test
    void persistentDataDirSurvivesARestart(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka-data");
        byte[] value = "held before the restart".getBytes(StandardCharsets.UTF_8);
        RecordMetadata written;
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            assertThat(kafka.isTemporary()).isFalse();
            assertThat(kafka.formattedOnStart()).isTrue();
            clusterId = kafka.clusterId();
            assertThat(TopicInitializer.createAll(kafka.bootstrapServers())).hasSize(Topics.all().size());
            written = Clients.send(kafka.bootstrapServers(), Topics.MAIL_ACCEPTED, "example.org", value, 1024 * 1024);
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            System.out.println("persistent broker restarted in " + kafka.startupMillis() + " ms");
            assertThat(kafka.formattedOnStart()).isFalse();
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(TopicInitializer.createAll(kafka.bootstrapServers())).isEmpty();
            List<ConsumerRecord<String, byte[]>> read = Clients.read(kafka.bootstrapServers(),
                    new TopicPartition(written.topic(), written.partition()), 0, 1, Duration.ofSeconds(15));
            assertThat(read).hasSize(1);
            assertThat(read.get(0).offset()).isEqualTo(written.offset());
            assertThat(read.get(0).key()).isEqualTo("example.org");
            assertThat(read.get(0).value()).isEqualTo(value);
        }
        assertThat(dataDir).exists();
    }

    @Test
    void aTakenFixedPortFailsFastWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port + " is already in use");
        }
    }
}
