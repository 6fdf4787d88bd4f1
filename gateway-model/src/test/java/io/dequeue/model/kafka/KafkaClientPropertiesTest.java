package io.dequeue.model.kafka;

import io.dequeue.model.serde.ProducerDefaults;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"dequeue\" password=\"s3cr3t-jaas\";";

    private static KafkaClientProperties fromConfig(Map<String, String> config) {
        return KafkaClientProperties.fromConfig(config.keySet(), name -> Optional.ofNullable(config.get(name)));
    }

    private static Map<String, String> securedCluster() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", "kafka-bootstrap:9093");
        c.put("kafka.security.protocol", "SASL_SSL");
        c.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        c.put("kafka.sasl.jaas.config", JAAS);
        c.put("kafka.ssl.truststore.location", "/etc/kafka/ca.p12");
        c.put("kafka.ssl.truststore.type", "PKCS12");
        c.put("kafka.ssl.truststore.password", "trust-pw");
        c.put("kafka.ssl.keystore.password", "key-pw");
        c.put("kafka.client.dns.lookup", "use_all_dns_ips");
        return c;
    }

    @Test
    void takesTheConnectionAndSecuritySettingsGivenUnderKafka() {
        KafkaClientProperties kafka = fromConfig(securedCluster());

        assertThat(kafka.shared()).containsOnly(
                Map.entry("bootstrap.servers", "kafka-bootstrap:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", JAAS),
                Map.entry("ssl.truststore.location", "/etc/kafka/ca.p12"),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.password", "trust-pw"),
                Map.entry("ssl.keystore.password", "key-pw"),
                Map.entry("client.dns.lookup", "use_all_dns_ips"));
        assertThat(kafka.bootstrapServers()).contains("kafka-bootstrap:9093");
        assertThat(kafka.ignored()).isEmpty();
    }

    @Test
    void leavesOutOtherPrefixesUnknownNamesAndRoleSettings() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", "k:9092");
        c.put("quarkus.http.port", "8080");
        c.put("kafka-streams.application.id", "queue-service");
        c.put("kafka.no.such.setting", "x");
        c.put("kafka.client.id", "everyone");
        c.put("kafka.group.id", "everyone");
        c.put("kafka.acks", "1");
        c.put("kafka.enable.idempotence", "false");
        c.put("kafka.isolation.level", "read_uncommitted");
        c.put("kafka.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

        KafkaClientProperties kafka = fromConfig(c);

        assertThat(kafka.shared()).containsOnlyKeys("bootstrap.servers");
        assertThat(kafka.ignored()).containsExactlyInAnyOrder("no.such.setting", "client.id", "group.id", "acks",
                "enable.idempotence", "isolation.level", "value.serializer");
    }

    @Test
    void takesKafkaEnvironmentVariablesThatNameAClientSettingAndPropertiesWin() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        c.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        c.put("KAFKA_BOOTSTRAP_SERVERS", "from-env:9092");
        c.put("kafka.bootstrap.servers", "from-properties:9092");
        c.put("KAFKA_HOME", "/opt/kafka");
        c.put("KAFKA_PORT", "9092");

        KafkaClientProperties kafka = fromConfig(c);

        assertThat(kafka.shared()).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.truststore.type", "PEM"),
                Map.entry("bootstrap.servers", "from-properties:9092"));
    }

    @Test
    void roleSettingsWinOverSharedOnes() {
        KafkaClientProperties kafka = KafkaClientProperties.of(Map.of(
                "bootstrap.servers", "k:9092",
                "request.timeout.ms", "5",
                "linger.ms", "500"));

        Map<String, Object> producer = kafka.producer(Map.of("request.timeout.ms", 10_000, "client.id", "writer"));

        assertThat(producer).containsEntry("request.timeout.ms", 10_000)
                .containsEntry("linger.ms", "500")
                .containsEntry("client.id", "writer")
                .containsEntry("bootstrap.servers", "k:9092");
    }

    @Test
    void reliableProducerKeepsAcksAllAndIdempotenceWhateverIsShared() {
        KafkaClientProperties kafka = fromConfig(Map.of(
                "kafka.bootstrap.servers", "k:9092",
                "kafka.acks", "0",
                "kafka.enable.idempotence", "false",
                "kafka.max.request.size", "1024",
                "kafka.security.protocol", "SSL"));

        Map<String, Object> p = ProducerDefaults.reliable(kafka, "svc");

        assertThat(p).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "k:9092");
        assertThat(p.get("max.request.size")).isNotEqualTo("1024");
    }

    @Test
    void eachKindOfClientGetsOnlyTheSettingsItKnows() {
        KafkaClientProperties kafka = KafkaClientProperties.of(Map.of(
                "security.protocol", "SSL",
                "linger.ms", "5",
                "fetch.min.bytes", "10",
                "default.api.timeout.ms", "7000"));

        assertThat(kafka.producer(Map.of())).containsOnlyKeys("security.protocol", "linger.ms");
        assertThat(kafka.consumer(Map.of())).containsOnlyKeys("security.protocol", "fetch.min.bytes", "default.api.timeout.ms");
        assertThat(kafka.admin(Map.of())).containsOnlyKeys("security.protocol", "default.api.timeout.ms");
    }

    @Test
    void secretsAreMaskedInToStringAndInDescriptions() {
        KafkaClientProperties kafka = fromConfig(securedCluster());

        String text = kafka.toString();
        assertThat(text).doesNotContain("s3cr3t-jaas", "ScramLoginModule", "trust-pw", "key-pw")
                .contains("sasl.jaas.config=" + KafkaClientProperties.MASK)
                .contains("ssl.truststore.password=" + KafkaClientProperties.MASK)
                .contains("security.protocol=SASL_SSL", "ssl.truststore.location=/etc/kafka/ca.p12");

        String described = KafkaClientProperties.describe(kafka.consumer(Map.of("client.id", "reader",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc", "ssl.key.password", "pk-pw")));
        assertThat(described).doesNotContain("s3cr3t-jaas", "trust-pw", "key-pw", "PRIVATE KEY", "pk-pw")
                .contains("client.id=reader");
    }

    @Test
    void theSecretTestCoversEverySettingKafkaTypesAsAPassword() {
        assertThat(KafkaClientProperties.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientProperties.isSecret("ssl.keystore.password")).isTrue();
        assertThat(KafkaClientProperties.isSecret("ssl.truststore.certificates")).isTrue();
        assertThat(KafkaClientProperties.isSecret("security.protocol")).isFalse();
        assertThat(KafkaClientProperties.isSecret("ssl.truststore.location")).isFalse();
    }

    @Test
    void nullValuesAreLeftOut() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", null);
        settings.put("bootstrap.servers", "k:9092");
        assertThat(KafkaClientProperties.of(settings).shared()).containsOnlyKeys("bootstrap.servers");
    }
}
