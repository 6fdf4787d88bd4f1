package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaMainTest {

    @Test
    void defaultsAndEnvironmentPort() {
        assertThat(LocalKafkaMain.parse(new String[0], null))
                .isEqualTo(new LocalKafkaMain.Options(9092, null, false));
        assertThat(LocalKafkaMain.parse(new String[0], "19092").port()).isEqualTo(19092);
        assertThat(LocalKafkaMain.parse(new String[] {"--port", "29092"}, "19092").port()).isEqualTo(29092);
        assertThat(LocalKafkaMain.parse(new String[] {"--port=0"}, null).port()).isZero();
    }

    @Test
    void dataDirAndFresh(@TempDir Path dir) {
        LocalKafkaMain.Options options = LocalKafkaMain.parse(
                new String[] {"--data-dir", dir.toString(), "--fresh"}, null);
        assertThat(options.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(options.fresh()).isTrue();
        assertThat(LocalKafkaMain.parse(new String[] {"--help"}, null)).isNull();
    }

    @Test
    void nodes() {
        assertThat(LocalKafkaMain.parse(new String[0], null).nodes()).isEqualTo(1);
        assertThat(LocalKafkaMain.parse(new String[] {"--nodes", "3"}, null).nodes()).isEqualTo(3);
        assertThat(LocalKafkaMain.parse(new String[] {"--nodes=3", "--port", "0"}, null))
                .isEqualTo(new LocalKafkaMain.Options(0, null, false, 3));
        for (String bad : new String[] {"0", "10", "x", ""}) {
            assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--nodes", bad}, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nodes");
        }
    }

    @Test
    void brokerSettings() {
        LocalKafkaMain.Options options = LocalKafkaMain.parse(new String[] {"--set", "log.flush.interval.messages=1",
            "--set=log.flush.interval.ms = 1000"}, null);
        assertThat(options.brokerSettings()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "log.flush.interval.messages", "1", "log.flush.interval.ms", "1000"));
        assertThat(LocalKafkaMain.parse(new String[0], null).brokerSettings()).isEmpty();
        for (String bad : new String[] {"x", "=1", "x=", ""}) {
            assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--set", bad}, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--set needs NAME=VALUE");
        }
        assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--nodes", "3", "--set", "a=b"}, null))
                .hasMessage("--set applies to a single node only");
    }

    @Test
    void aClusterNodeNeedsEveryOption() {
        String[] full = {"--node-id", "2", "--port", "1234", "--controller-port", "1235", "--voters",
            "1@127.0.0.1:1,2@127.0.0.1:1235", "--cluster-id", "abc", "--data-dir", "/tmp/x", "--replicas", "3",
            "--min-isr", "2"};
        assertThat(ClusterNodeMain.parse(full)).containsEntry("--node-id", "2").containsEntry("--min-isr", "2").hasSize(8);
        assertThatThrownBy(() -> ClusterNodeMain.parse(java.util.Arrays.copyOf(full, full.length - 2)))
                .hasMessage("missing --min-isr");
        String[] notANumber = full.clone();
        notANumber[3] = "x";
        assertThatThrownBy(() -> ClusterNodeMain.parse(notANumber)).hasMessage("--port: not a number: x");
        assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--bogus", "1"})).hasMessage("unknown option --bogus");
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--port"}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--port", "x"}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalKafkaMain.parse(new String[0], "70000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalKafkaMain.parse(new String[] {"--bogus"}, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freshRefusesToWipeAFolderThatIsNotKafkaData(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        assertThatThrownBy(() -> LocalKafkaMain.wipe(dir)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("precious.txt")).exists();

        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(kafkaDir.resolve("meta.properties"), "cluster.id=x\n");
        LocalKafkaMain.wipe(kafkaDir);
        assertThat(kafkaDir).doesNotExist();
    }
}
