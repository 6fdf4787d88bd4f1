package io.dequeue.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalKafkaExtension.class)
class KafkaTargetTest {

    private static UnaryOperator<String> of(Map<String, String> values) {
        return values::get;
    }

    @Test
    void embeddedByDefault() {
        KafkaTarget target = KafkaTarget.resolve(of(Map.of()), of(Map.of()));
        assertThat(target.kind()).isEqualTo(KafkaTarget.Kind.EMBEDDED);
        assertThat(target.externalBootstrapServers()).isEmpty();
    }

    @Test
    void externalWhenTheVariableIsSetAndThePropertyWins() {
        KafkaTarget fromEnv = KafkaTarget.resolve(of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")), of(Map.of()));
        assertThat(fromEnv.kind()).isEqualTo(KafkaTarget.Kind.EXTERNAL);
        assertThat(fromEnv.externalBootstrapServers()).contains("kafka:9092");

        KafkaTarget fromProperty = KafkaTarget.resolve(of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")),
                of(Map.of("KAFKA_BOOTSTRAP_SERVERS", " other:9093 ")));
        assertThat(fromProperty.externalBootstrapServers()).contains("other:9093");
    }

    @Test
    void modePropertyForcesTheChoice() {
        assertThat(KafkaTarget.resolve(of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")),
                of(Map.of("dequeue.kafka", "embedded"))).kind()).isEqualTo(KafkaTarget.Kind.EMBEDDED);
        assertThatThrownBy(() -> KafkaTarget.resolve(of(Map.of()), of(Map.of("dequeue.kafka", "external"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> KafkaTarget.resolve(of(Map.of()), of(Map.of("dequeue.kafka", "testcontainers"))))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> KafkaTarget.resolve(of(Map.of()), of(Map.of("dequeue.kafka", "zookeeper"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExternalTargetOnlyCreatesTopicsAndIsNeverStopped(KafkaCluster shared) throws Exception {
        // the shared broker plays the external cluster
        KafkaCluster external = KafkaTarget.external(shared.bootstrapServers()).start();
        assertThat(external.isEmbedded()).isFalse();
        assertThat(external.bootstrapServers()).isEqualTo(shared.bootstrapServers());
        external.close();
        try (var admin = Clients.admin(shared.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }
}
